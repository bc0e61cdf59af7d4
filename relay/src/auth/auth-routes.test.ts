import { signTelegramInitData } from '@rpg-bot/auth/testing';
import { validators } from '@rpg-bot/contracts';
import type { Session } from '@rpg-bot/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_TOKEN, bootRelay, testBackends } from '../testing/relay-test-stack';
import type { ApiResponse, RelayUnderTest } from '../testing/relay-test-stack';

function session(response: ApiResponse): Session {
  const result = validators.session(response.json);
  if (!result.ok) throw new Error(`not a session: ${JSON.stringify(result.issues)}`);
  return result.value;
}

function expectError(response: ApiResponse, status: number, code: string): void {
  expect(response.status).toBe(status);
  const body = validators.errorBody(response.json);
  expect(body.ok, JSON.stringify(response.json)).toBe(true);
  if (body.ok) expect(body.value.error.code).toBe(code);
}

function expectBearerChallenge(response: ApiResponse): void {
  expectError(response, 401, 'unauthorized');
  expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="rpg-bot"/);
}

describe.each(testBackends('relay/auth'))('auth routes on $name', (backend) => {
  let relay: RelayUnderTest;
  beforeAll(async () => {
    relay = await bootRelay(backend, { TELEGRAM_BOT_TOKEN: BOT_TOKEN, AUTH_DEV_LOGIN: '1', AUTH_MAX_AGE: '300', SESSION_TTL_SECONDS: '900' });
  });
  afterAll(async () => {
    await relay.close();
  });

  const initData = (authDate: Date, id = 987654321) =>
    signTelegramInitData({ botToken: BOT_TOKEN, user: { id, first_name: 'Ada', last_name: 'Lovelace' }, authDate });

  it('exchanges valid Telegram initData for a session and upserts the user', async () => {
    const response = await relay.call('POST', '/v1/auth/telegram', { body: { initData: initData(new Date(relay.clock.now - 10_000)) } });
    expect(response.status).toBe(200);
    const s = session(response);
    expect(s.user).toEqual({ id: '987654321', name: 'Ada Lovelace' });
    expect(Date.parse(s.expiresAt)).toBe(relay.clock.now + 900_000);
    const { rows } = await relay.stack.db.query<{ name: string }>('SELECT name FROM users WHERE id = $1', ['987654321']);
    expect(rows).toEqual([{ name: 'Ada Lovelace' }]);
    const again = await relay.call('POST', '/v1/auth/telegram', { body: { initData: initData(new Date(relay.clock.now)) } });
    expect(session(again).user.id).toBe('987654321');
  });

  it('rejects tampered and expired initData with 401', async () => {
    const valid = initData(new Date(relay.clock.now));
    const tampered = valid.replace('Ada', 'Eve');
    expect(tampered).not.toBe(valid);
    expectError(await relay.call('POST', '/v1/auth/telegram', { body: { initData: tampered } }), 401, 'unauthorized');
    const stale = initData(new Date(relay.clock.now - 301_000));
    expectError(await relay.call('POST', '/v1/auth/telegram', { body: { initData: stale } }), 401, 'unauthorized');
    const signedWithOtherBot = signTelegramInitData({ botToken: '1:other', user: { id: 5, first_name: 'X' }, authDate: new Date(relay.clock.now) });
    expectError(await relay.call('POST', '/v1/auth/telegram', { body: { initData: signedWithOtherBot } }), 401, 'unauthorized');
  });

  it('rejects bad bodies with 400', async () => {
    expectError(await relay.call('POST', '/v1/auth/telegram', { body: { initData: '' } }), 400, 'validation_failed');
    expectError(await relay.call('POST', '/v1/auth/telegram', { rawBody: '{' }), 400, 'bad_request');
    expectError(await relay.call('POST', '/v1/auth/dev', { body: { name: '' } }), 400, 'validation_failed');
    expectError(await relay.call('POST', '/v1/auth/dev', { body: { name: 'A', admin: true } }), 400, 'validation_failed');
  });

  it('dev login creates a new dev:<uuid> user each time', async () => {
    const first = session(await relay.call('POST', '/v1/auth/dev', { body: { name: 'Gandalf' } }));
    const second = session(await relay.call('POST', '/v1/auth/dev', { body: { name: 'Gandalf' } }));
    expect(first.user.id).toMatch(/^dev:[0-9a-f-]{36}$/);
    expect(first.user.name).toBe('Gandalf');
    expect(second.user.id).not.toBe(first.user.id);
  });

  it('refreshes a valid token into a new one for the same user', async () => {
    const first = session(await relay.call('POST', '/v1/auth/dev', { body: { name: 'Frodo' } }));
    relay.clock.now += 60_000;
    const refreshed = session(await relay.call('POST', '/v1/auth/refresh', { token: first.token }));
    expect(refreshed.user).toEqual(first.user);
    expect(refreshed.token).not.toBe(first.token);
    expect(Date.parse(refreshed.expiresAt)).toBe(relay.clock.now + 900_000);
  });

  it('answers 401 with a Bearer challenge for a missing, malformed, forged or expired token', async () => {
    expectBearerChallenge(await relay.call('POST', '/v1/auth/refresh'));
    expectBearerChallenge(await relay.call('GET', '/v1/campaigns'));
    expectBearerChallenge(await relay.call('GET', '/v1/campaigns', { token: 'not-a-jwt' }));
    const s = session(await relay.call('POST', '/v1/auth/dev', { body: { name: 'Sam' } }));
    const [header, , signature] = s.token.split('.');
    const forgedClaims = Buffer.from(JSON.stringify({ sub: 'someone-else' })).toString('base64url');
    expectBearerChallenge(await relay.call('GET', '/v1/campaigns', { token: `${header ?? ''}.${forgedClaims}.${signature ?? ''}` }));
    relay.clock.now += 931_000;
    const expired = await relay.call('POST', '/v1/auth/refresh', { token: s.token });
    expectBearerChallenge(expired);
    expect(expired.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('refuses a token whose user no longer exists', async () => {
    const s = session(await relay.call('POST', '/v1/auth/dev', { body: { name: 'Ghost' } }));
    await relay.stack.db.query('DELETE FROM users WHERE id = $1', [s.user.id]);
    expectBearerChallenge(await relay.call('POST', '/v1/auth/refresh', { token: s.token }));
  });
});

describe.each(testBackends('relay/auth'))('auth routes when disabled, on $name', (backend) => {
  let relay: RelayUnderTest;
  beforeAll(async () => {
    relay = await bootRelay(backend, { AUTH_DEV_LOGIN: '0' });
  });
  afterAll(async () => {
    await relay.close();
  });

  it('answers 404 with a clear message when no bot token or dev login is configured', async () => {
    const telegram = await relay.call('POST', '/v1/auth/telegram', { body: { initData: 'x' } });
    expectError(telegram, 404, 'not_found');
    expect(JSON.stringify(telegram.json)).toContain('TELEGRAM_BOT_TOKEN');
    const dev = await relay.call('POST', '/v1/auth/dev', { body: { name: 'Eve' } });
    expectError(dev, 404, 'not_found');
    expect(JSON.stringify(dev.json)).toContain('AUTH_DEV_LOGIN');
  });
});
