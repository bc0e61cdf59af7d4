// Input PostgreSQL cannot store — U+0000 anywhere, unpaired surrogates in JSON strings — is a 400
// with a code on every route, never a 500, and never a stack trace in the log. On PGlite and on a
// real PostgreSQL server, which both refuse NUL in text (SQLSTATE 22021) and replace unpaired
// surrogates with U+FFFD silently.
import { randomUUID } from 'node:crypto';
import { signTelegramInitData } from '@rpg-bot/auth/testing';
import { validators } from '@rpg-bot/contracts';
import type { Campaign, ErrorBody, Invite, Session } from '@rpg-bot/contracts';
import { createLogCapture, createLogger } from '@rpg-bot/observability';
import type { LogCapture } from '@rpg-bot/observability';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_TOKEN, bootRelay, testBackends } from './testing/relay-test-stack';
import type { ApiResponse, RelayUnderTest } from './testing/relay-test-stack';
import { relayModule } from './relay-module';

function parsed<T>(validate: (input: unknown) => { ok: true; value: T } | { ok: false; issues: unknown }, response: ApiResponse): T {
  const result = validate(response.json);
  if (!result.ok) throw new Error(`unexpected body (${String(response.status)}): ${JSON.stringify(response.json)}`);
  return result.value;
}

const errorOf = (response: ApiResponse): ErrorBody['error'] => parsed(validators.errorBody, response).error;

const NUL = 'a\u0000b';
const LONE_SURROGATE = 'a\uD800b';

describe.each(testBackends('relay/unstorable input'))('input PostgreSQL cannot store, on $name', (backend) => {
  let relay: RelayUnderTest;
  let logs: LogCapture;
  let gm: Session;
  let campaign: Campaign;
  let invite: Invite;

  beforeAll(async () => {
    logs = createLogCapture();
    relay = await bootRelay(
      backend,
      { AUTH_DEV_LOGIN: '1', TELEGRAM_BOT_TOKEN: BOT_TOKEN, LOG_LEVEL: 'debug' },
      relayModule,
      createLogger({ level: 'debug', destination: logs.destination }),
    );
    gm = parsed(validators.session, await relay.call('POST', '/v1/auth/dev', { body: { name: 'Gemma' } }));
    campaign = parsed(validators.campaign, await relay.call('POST', '/v1/campaigns', { token: gm.token, body: { title: 'Safe' } }));
    invite = parsed(validators.invite, await relay.call('POST', `/v1/campaigns/${campaign.id}/invites`, { token: gm.token, body: { role: 'player' } }));
  });
  afterAll(async () => {
    await relay.close();
  });

  /** Nothing was logged as an error and no stack trace was written. */
  const expectQuietLog = () => {
    const loud = logs.entries().filter((entry) => entry.level === 'error' || entry.level === 'fatal');
    expect(loud).toEqual([]);
    expect(logs.text()).not.toMatch(/"stack":/);
    expect(logs.text()).not.toContain('unhandled error');
  };

  it.each([
    ['dev-login name', '/v1/auth/dev', (text: string) => ({ name: text }), '/name'],
    ['client-error message', '/v1/diagnostics/client-errors', (text: string) => ({ message: text, occurredAt: '2026-11-24T10:00:00.000Z' }), '/message'],
    ['client-error stack', '/v1/diagnostics/client-errors', (text: string) => ({ message: 'm', stack: text, occurredAt: '2026-11-24T10:00:00.000Z' }), '/stack'],
    ['Telegram initData', '/v1/auth/telegram', (text: string) => ({ initData: text }), '/initData'],
  ] as const)('refuses a %s with U+0000 or an unpaired surrogate: 400 validation_failed pointing at it', async (_what, path, body, pointer) => {
    for (const text of [NUL, LONE_SURROGATE]) {
      const response = await relay.call('POST', path, { body: body(text) });
      expect(response.status).toBe(400);
      const error = errorOf(response);
      expect(error.code).toBe('validation_failed');
      expect(error.details).toMatchObject({ issues: [{ path: pointer }] });
    }
    expectQuietLog();
  });

  it('refuses a campaign title with U+0000 or an unpaired surrogate, and a NUL in a key', async () => {
    for (const body of [{ title: NUL }, { title: LONE_SURROGATE }, { title: 'ok', [NUL]: 1 }]) {
      const response = await relay.call('POST', '/v1/campaigns', { token: gm.token, body });
      expect(response.status).toBe(400);
      expect(errorOf(response).code).toBe('validation_failed');
    }
    const events = await relay.call('POST', `/v1/campaigns/${campaign.id}/events`, {
      token: gm.token,
      body: { specversion: '1.0', id: randomUUID(), type: 'dev.rpgbot.party.chat-message.v1', data: { text: NUL } },
    });
    expect(events.status).toBe(400);
    expect(errorOf(events)).toMatchObject({ code: 'validation_failed', details: { issues: [{ path: '/data/text' }] } });
    const { rows } = await relay.stack.db.query<{ title: string }>('SELECT title FROM campaigns');
    expect(rows).toEqual([{ title: 'Safe' }]);
    expectQuietLog();
  });

  it('refuses U+0000 in a path parameter of every HTTP route with 400 bad_request', async () => {
    const doc = campaign.docs.shared;
    const requests: [string, string, unknown?][] = [
      ['POST', '/v1/campaigns/%00/invites', { role: 'player' }],
      ['DELETE', `/v1/campaigns/${campaign.id}/invites/%00`],
      ['DELETE', `/v1/campaigns/%00/invites/${invite.code}`],
      ['POST', '/v1/invites/%00/accept'],
      ['POST', `/v1/invites/${invite.code}%00/accept`],
      ['DELETE', `/v1/campaigns/${campaign.id}/members/%00`],
      ['DELETE', `/v1/campaigns/${campaign.id}/members/dev%3A%00`],
      ['GET', '/v1/docs/%00/history'],
      ['GET', `/v1/docs/${doc}%00/history`],
      ['GET', '/v1/docs/%00/at/1'],
      ['GET', `/v1/docs/${doc}/at/1%00`],
      ['GET', '/v1/campaigns/%00/events'],
      ['POST', '/v1/campaigns/%00/events', { specversion: '1.0', id: randomUUID(), type: 'dev.rpgbot.party.chat-message.v1', data: { text: 'x' } }],
    ];
    for (const [method, path, body] of requests) {
      const response = await relay.call(method, path, { token: gm.token, ...(body === undefined ? {} : { body }) });
      expect({ method, path, status: response.status, code: errorOf(response).code }).toEqual({ method, path, status: 400, code: 'bad_request' });
    }
    expectQuietLog();
  });

  it('refuses ids that do not have their format with 400 bad_request, naming the parameter', async () => {
    const requests: [string, string, string, unknown?][] = [
      ['POST', '/v1/campaigns/not-a-campaign/invites', 'campaignId', { role: 'player' }],
      ['POST', '/v1/invites/short/accept', 'code'],
      ['DELETE', `/v1/campaigns/${campaign.id}/invites/${'x'.repeat(23)}`, 'code'],
      ['DELETE', `/v1/campaigns/${campaign.id}/members/${encodeURIComponent('dev:nope')}`, 'userId'],
      ['GET', '/v1/docs/doc-1/history', 'docId'],
      ['GET', '/v1/campaigns/1/events', 'campaignId'],
    ];
    for (const [method, path, parameter, body] of requests) {
      const response = await relay.call(method, path, { token: gm.token, ...(body === undefined ? {} : { body }) });
      expect({ path, status: response.status, error: errorOf(response) }).toMatchObject({ path, status: 400, error: { code: 'bad_request', details: { parameter } } });
    }
    // Well-formed ids that match nothing are still 404 (existence is not revealed).
    expect((await relay.call('POST', `/v1/campaigns/${randomUUID()}/invites`, { token: gm.token, body: { role: 'player' } })).status).toBe(404);
    expect((await relay.call('POST', `/v1/invites/${'A'.repeat(22)}/accept`, { token: gm.token })).status).toBe(404);
    expect((await relay.call('DELETE', `/v1/campaigns/${campaign.id}/members/${encodeURIComponent(`dev:${randomUUID()}`)}`, { token: gm.token })).status).toBe(404);
    expect((await relay.call('DELETE', `/v1/campaigns/${campaign.id}/members/5000000001`, { token: gm.token })).status).toBe(404);
    expectQuietLog();
  });

  it('answers 400, not 500, when the database refuses a value no validator caught (a signed Telegram name with U+0000)', async () => {
    const initData = signTelegramInitData({ botToken: BOT_TOKEN, user: { id: 5_000_000_042, first_name: NUL }, authDate: new Date(relay.clock.now) });
    const response = await relay.call('POST', '/v1/auth/telegram', { body: { initData } });
    expect(response.status).toBe(400);
    expect(errorOf(response).code).toBe('bad_request');
    expectQuietLog();
    expect(logs.entries().some((entry) => entry.msg === 'the database refused a value of the request' && entry.sqlstate === '22021')).toBe(true);
  });
});
