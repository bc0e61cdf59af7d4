import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AuthError } from '../auth-error';
import type { AuthErrorCode } from '../auth-error';
import { signTelegramInitData } from '../testing';
import type { SignTelegramInitDataOptions } from '../testing';
import { validateTelegramInitData } from './validate-init-data';
import type { TelegramValidationOptions } from './validate-init-data';

const BOT_TOKEN = '123456:TEST-token-for-unit-tests';
const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const user = { id: 5_000_000_001, first_name: 'Ada', last_name: 'Lovelace', username: 'ada', language_code: 'en' };

const options: TelegramValidationOptions = {
  botToken: BOT_TOKEN,
  maxAgeSeconds: 3600,
  clockSkewSeconds: 60,
  now: () => NOW,
};

function signed(overrides: Partial<SignTelegramInitDataOptions> = {}): string {
  return signTelegramInitData({ botToken: BOT_TOKEN, user, authDate: new Date(NOW - 10_000), ...overrides });
}

function edit(initData: string, change: (params: URLSearchParams) => void): string {
  const params = new URLSearchParams(initData);
  change(params);
  return params.toString();
}

async function rejection(initData: string, opts: TelegramValidationOptions = options): Promise<AuthError> {
  try {
    await validateTelegramInitData(initData, opts);
  } catch (error) {
    if (error instanceof AuthError) return error;
    throw error;
  }
  throw new Error('expected the init data to be rejected');
}

async function expectCode(
  initData: string,
  code: AuthErrorCode,
  opts?: TelegramValidationOptions,
  reason?: RegExp,
): Promise<void> {
  const error = await rejection(initData, opts);
  expect(error.code).toBe(code);
  if (reason !== undefined) expect(error.message).toMatch(reason);
  // Messages are safe to log: they never echo the input.
  for (const secret of [initData, ...new URLSearchParams(initData).values()].filter((value) => value.length >= 6)) {
    expect(error.message).not.toContain(secret);
  }
}

describe('validateTelegramInitData: accepted', () => {
  it('returns the identity of correctly signed init data', async () => {
    const identity = await validateTelegramInitData(signed({ extra: { query_id: 'AAH1', start_param: 'camp-42' } }), options);
    expect(identity).toEqual({
      userId: '5000000001',
      name: 'Ada Lovelace',
      username: 'ada',
      languageCode: 'en',
      authDate: new Date(Math.floor((NOW - 10_000) / 1000) * 1000),
      startParam: 'camp-42',
    });
  });

  it('leaves optional fields out when Telegram did not send them', async () => {
    const identity = await validateTelegramInitData(signed({ user: { id: 7, first_name: 'Bo' } }), options);
    expect(identity).toEqual({ userId: '7', name: 'Bo', authDate: expect.any(Date) as Date });
    expect('username' in identity).toBe(false);
    expect('startParam' in identity).toBe(false);
  });

  it('falls back to the username when the user has no name', async () => {
    const identity = await validateTelegramInitData(signed({ user: { id: 7, first_name: '', username: 'nameless' } }), options);
    expect(identity.name).toBe('nameless');
  });

  it('accepts init data exactly maxAgeSeconds old and up to the skew in the future', async () => {
    await expect(validateTelegramInitData(signed({ authDate: new Date(NOW - 3600_000) }), options)).resolves.toBeDefined();
    await expect(validateTelegramInitData(signed({ authDate: new Date(NOW + 60_000) }), options)).resolves.toBeDefined();
  });

  it('covers every field with the hash, including a third-party signature field', async () => {
    const initData = signed({ extra: { signature: 'c2lnbmF0dXJl', chat_type: 'private', chat_instance: '-1' } });
    await expect(validateTelegramInitData(initData, options)).resolves.toMatchObject({ userId: '5000000001' });
  });

  it('keeps characters that URL encoding changes (+, spaces, unicode) intact', async () => {
    const identity = await validateTelegramInitData(signed({ user: { id: 9, first_name: 'Zoë + Ana', last_name: '/?&=' } }), options);
    expect(identity.name).toBe('Zoë + Ana /?&=');
  });
});

describe('validateTelegramInitData: signature', () => {
  it('rejects init data without a hash', async () => {
    await expectCode(edit(signed(), (p) => { p.delete('hash'); }), 'init_data_invalid');
  });

  it('rejects a malformed hash', async () => {
    await expectCode(edit(signed(), (p) => { p.set('hash', 'zz'); }), 'init_data_invalid');
    await expectCode(edit(signed(), (p) => { p.set('hash', ''); }), 'init_data_invalid');
    await expectCode(edit(signed(), (p) => { p.set('hash', 'a'.repeat(63)); }), 'init_data_invalid');
    await expectCode(edit(signed(), (p) => { p.set('hash', 'a'.repeat(66)); }), 'init_data_invalid');
  });

  it('rejects a tampered user', async () => {
    await expectCode(edit(signed(), (p) => { p.set('user', JSON.stringify({ ...user, id: 1 })); }), 'init_data_invalid');
  });

  it('rejects a tampered auth_date (a replay made to look fresh)', async () => {
    const old = signed({ authDate: new Date(NOW - 86_400_000) });
    await expectCode(edit(old, (p) => { p.set('auth_date', String(Math.floor(NOW / 1000))); }), 'init_data_invalid');
  });

  it('rejects an added or removed field', async () => {
    await expectCode(edit(signed(), (p) => { p.set('start_param', 'other-campaign'); }), 'init_data_invalid');
    await expectCode(edit(signed({ extra: { query_id: 'AAH1' } }), (p) => { p.delete('query_id'); }), 'init_data_invalid');
  });

  it('rejects init data signed for another bot', async () => {
    await expectCode(signed({ botToken: '654321:another-bot' }), 'init_data_invalid');
  });

  it('rejects a repeated field even when the first copy is the signed one', async () => {
    await expectCode(`${signed()}&user=${encodeURIComponent(JSON.stringify({ id: 1, first_name: 'Eve' }))}`, 'init_data_invalid');
  });

  it('rejects empty and oversized input', async () => {
    await expectCode('', 'init_data_invalid');
    await expectCode(signed({ extra: { padding: 'x'.repeat(20_000) } }), 'init_data_invalid');
  });

  it('rejects a correctly signed but malformed or missing auth_date', async () => {
    await expectCode(signed({ extra: { auth_date: 'soon' } }), 'init_data_invalid');
    // parseInt would read this as a valid time; the strict check does not.
    await expectCode(signed({ extra: { auth_date: `${Math.floor(NOW / 1000)}abc` } }), 'init_data_invalid', options, /auth_date/);
    await expectCode(signed({ extra: { auth_date: '' } }), 'init_data_invalid');
  });
});

describe('validateTelegramInitData: time', () => {
  it('rejects init data older than maxAgeSeconds', async () => {
    await expectCode(signed({ authDate: new Date(NOW - 3601_000) }), 'init_data_expired');
  });

  it('rejects init data dated further ahead than the skew', async () => {
    await expectCode(signed({ authDate: new Date(NOW + 61_000) }), 'init_data_from_future');
  });

  it('reads the injected clock on every call', async () => {
    let now = NOW;
    const initData = signed({ authDate: new Date(NOW) });
    const opts = { ...options, now: () => now };
    await expect(validateTelegramInitData(initData, opts)).resolves.toBeDefined();
    now += 3601_000;
    await expectCode(initData, 'init_data_expired', opts);
  });
});

describe('validateTelegramInitData: user', () => {
  const cases: [string, SignTelegramInitDataOptions['user']][] = [
    ['not JSON', '{"id":'],
    ['not an object', '[1]'],
    ['no id', JSON.stringify({ first_name: 'Ada' })],
    ['a string id', JSON.stringify({ id: '5', first_name: 'Ada' })],
    ['a negative id', { id: -5, first_name: 'Ada' }],
    ['a fractional id', { id: 1.5, first_name: 'Ada' }],
    ['a non-string name', JSON.stringify({ id: 5, first_name: 42 })],
    ['no name and no username', { id: 5, first_name: '  ' }],
  ];
  it.each(cases)('rejects a signed user that is %s', async (_label, badUser) => {
    await expectCode(signed({ user: badUser }), 'init_data_invalid', options, /"user"/);
  });

  it('rejects signed init data without a user', async () => {
    await expectCode(signed({ user: null }), 'init_data_invalid', options, /"user" field: missing/);
  });
});

describe('validateTelegramInitData: Ed25519 third-party signature (botId set)', () => {
  // Published by the Telegram-Mini-Apps project as a sample of real initData
  // (github.com/Telegram-Mini-Apps/init-data-golang issue #11), signed by Telegram's production
  // Ed25519 key for bot 7342037359. We do not have that bot's token, so only the signature can
  // vouch for it: it exercises the third-party path end to end.
  const TELEGRAM_SAMPLE =
    'user=%7B%22id%22%3A279058397%2C%22first_name%22%3A%22Vladislav%20%2B%20-%20%3F%20%5C%2F%22%2C%22last_name%22%3A%22Kibenko%22%2C%22username%22%3A%22vdkfrost%22%2C%22language_code%22%3A%22ru%22%2C%22is_premium%22%3Atrue%2C%22allows_write_to_pm%22%3Atrue%2C%22photo_url%22%3A%22https%3A%5C%2F%5C%2Ft.me%5C%2Fi%5C%2Fuserpic%5C%2F320%5C%2F4FPEE4tmP3ATHa57u6MqTDih13LTOiMoKoLDRG4PnSA.svg%22%7D&chat_instance=8134722200314281151&chat_type=private&auth_date=1733509682&signature=TYJxVcisqbWjtodPepiJ6ghziUL94-KNpG8Pau-X7oNNLNBM72APCpi_RKiUlBvcqo5L-LAxIc3dnTzcZX_PDg&hash=a433d8f9847bd6addcc563bff7cc82c89e97ea0d90c11fe5729cae6796a36d73';
  const SAMPLE_BOT_ID = 7342037359;
  const sampleOptions: TelegramValidationOptions = {
    ...options,
    botId: SAMPLE_BOT_ID,
    now: () => 1733509682_000 + 5_000,
  };

  it('accepts data signed by Telegram for this bot although the HMAC does not match our token', async () => {
    const identity = await validateTelegramInitData(TELEGRAM_SAMPLE, sampleOptions);
    expect(identity).toMatchObject({ userId: '279058397', name: 'Vladislav + - ? / Kibenko', username: 'vdkfrost', languageCode: 'ru' });
  });

  it('does not consider the signature when botId is not configured', async () => {
    const { botId: _ignored, ...withoutBotId } = sampleOptions;
    await expectCode(TELEGRAM_SAMPLE, 'init_data_invalid', withoutBotId);
  });

  it('rejects it for another bot id', async () => {
    await expectCode(TELEGRAM_SAMPLE, 'init_data_invalid', { ...sampleOptions, botId: SAMPLE_BOT_ID + 1 });
  });

  it('rejects it when a field was changed', async () => {
    const tampered = edit(TELEGRAM_SAMPLE, (p) => { p.set('chat_type', 'group'); });
    await expectCode(tampered, 'init_data_invalid', sampleOptions);
  });

  it('still applies the age limit to it', async () => {
    await expectCode(TELEGRAM_SAMPLE, 'init_data_expired', { ...sampleOptions, now: () => 1733509682_000 + 3601_000 });
  });

  it('rejects a garbage signature and one made with a key that is not Telegram’s', async () => {
    const base = edit(signed(), (p) => { p.delete('hash'); });
    await expectCode(edit(base, (p) => { p.set('signature', 'not-a-signature'); }), 'init_data_invalid', { ...options, botId: 42 });

    const { privateKey } = generateKeyPairSync('ed25519');
    const params = new URLSearchParams(base);
    const dataCheckString = [...params.entries()].map(([k, v]) => `${k}=${v}`).sort().join('\n');
    const forged = sign(null, Buffer.from(`42:WebAppData\n${dataCheckString}`), privateKey).toString('base64url');
    await expectCode(edit(base, (p) => { p.set('signature', forged); }), 'init_data_invalid', { ...options, botId: 42 });
  });
});

describe('validateTelegramInitData: options', () => {
  it('throws a programming error for unusable options', async () => {
    await expect(validateTelegramInitData(signed(), { ...options, botToken: '' })).rejects.toThrow(TypeError);
    await expect(validateTelegramInitData(signed(), { ...options, maxAgeSeconds: 0 })).rejects.toThrow(RangeError);
    await expect(validateTelegramInitData(signed(), { ...options, clockSkewSeconds: -1 })).rejects.toThrow(RangeError);
    await expect(validateTelegramInitData(signed(), { ...options, botId: 1.5 })).rejects.toThrow(RangeError);
  });
});
