import { isValid } from '@telegram-apps/init-data-node';
import { describe, expect, it } from 'vitest';
import { signTelegramInitData } from './sign-telegram-init-data';

const botToken = '123456:TEST-token-for-unit-tests';

describe('signTelegramInitData', () => {
  it('matches a hash computed independently with openssl', () => {
    // printf 'auth_date=1764000000\nquery_id=AAH1\nuser={"id":7,"first_name":"Bo"}' |
    //   openssl dgst -sha256 -mac HMAC -macopt hexkey:$(printf '%s' "$TOKEN" |
    //   openssl dgst -sha256 -mac HMAC -macopt key:WebAppData -r | cut -d' ' -f1)
    const initData = signTelegramInitData({
      botToken,
      user: { id: 7, first_name: 'Bo' },
      authDate: new Date(1764000000_000),
      extra: { query_id: 'AAH1' },
    });
    const params = new URLSearchParams(initData);
    expect(params.get('hash')).toBe('eb1d1a735a976925dc88dde26c11fbdcaad41f76fd498aeae97ba0830050f52c');
    expect(params.get('user')).toBe('{"id":7,"first_name":"Bo"}');
    expect(params.get('auth_date')).toBe('1764000000');
  });

  it('produces data that the Telegram library accepts for that bot only', () => {
    const initData = signTelegramInitData({ botToken, user: { id: 7, first_name: 'Bo' }, authDate: new Date() });
    expect(isValid(initData, botToken)).toBe(true);
    expect(isValid(initData, '654321:other')).toBe(false);
  });

  it('leaves the user out when asked to', () => {
    const initData = signTelegramInitData({ botToken, user: null, authDate: new Date(0) });
    expect(new URLSearchParams(initData).has('user')).toBe(false);
  });
});
