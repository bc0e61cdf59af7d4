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
    // Invite codes: a secret in the path (anyone holding one can join the campaign).
    ['/v1/invites/Zm9vYmFyYmF6cXV4cXV1eA/accept', '/v1/invites/[REDACTED]/accept'],
    ['/v1/campaigns/c1/invites/Zm9vYmFyYmF6cXV4cXV1eA', '/v1/campaigns/c1/invites/[REDACTED]'],
    ['/invite/Zm9vYmFyYmF6cXV4cXV1eA?ref=chat', '/invite/[REDACTED]?ref=chat'],
    ['https://app.example.com/INVITE/abc#x', 'https://app.example.com/INVITE/[REDACTED]#x'],
    ['https://t.me/rpgbot/app?startapp=Zm9vYmFyYmF6cXV4cXV1eA', 'https://t.me/rpgbot/app?startapp=[REDACTED]'],
    ['/app?tgWebAppStartParam=abc&tgWebAppVersion=7.0', '/app?tgWebAppStartParam=[REDACTED]&tgWebAppVersion=7.0'],
  ])('%s → %s', (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
  });

  it('leaves URLs without secrets untouched', () => {
    for (const url of [
      '/healthz',
      '/v1/campaigns/42?page=2&sort=name',
      'https://a.example.com/?q=tokenize',
      '/x?flag&y=',
      '/x?%E0%A4%A=1',
      // Creating an invite names no code; a trailing slash has none either.
      '/v1/campaigns/c1/invites',
      '/v1/invites/',
      'https://invites.example.com/invite',
    ]) {
      expect(redactUrl(url)).toBe(url);
    }
  });
});
