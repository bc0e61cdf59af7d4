import { describe, expect, it } from 'vitest';
import { redactUrl } from './index';

describe('redactUrl', () => {
  it.each([
    ['/v1/sync?token=abc', '/v1/sync?token=[REDACTED]'],
    ['/v1/sync?room=r1&access_token=abc&x=1', '/v1/sync?room=r1&access_token=[REDACTED]&x=1'],
    ['https://relay.example.com/ws?initData=query_id%3D1%26hash%3Dff', 'https://relay.example.com/ws?initData=[REDACTED]'],
    ['/app#tgWebAppData=user%3D1&tgWebAppVersion=7.0', '/app#tgWebAppData=[REDACTED]&tgWebAppVersion=7.0'],
    ['/cb?code=xyz&state=s', '/cb?code=[REDACTED]&state=s'],
    ['/x?refresh_token=a&Password=b&api_key=c&apiKey=d&csrfToken=e', '/x?refresh_token=[REDACTED]&Password=[REDACTED]&api_key=[REDACTED]&apiKey=[REDACTED]&csrfToken=[REDACTED]'],
    ['/x?to%6Ben=abc', '/x?to%6Ben=[REDACTED]'],
  ])('%s → %s', (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
  });

  it('leaves URLs without secrets untouched', () => {
    for (const url of ['/healthz', '/v1/campaigns/42?page=2&sort=name', 'https://a.example.com/?q=tokenize', '/x?flag&y=', '/x?%E0%A4%A=1']) {
      expect(redactUrl(url)).toBe(url);
    }
  });
});
