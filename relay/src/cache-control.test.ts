// Every relay answer that carries a token or campaign data is `Cache-Control: no-store`: the rule
// is the HTTP app's (every /v1 response), checked here on the relay's real routes.
import { randomUUID } from 'node:crypto';
import { validators } from '@rpg-bot/contracts';
import type { Campaign, Invite, Session } from '@rpg-bot/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootRelay, testBackends } from './testing/relay-test-stack';
import type { ApiResponse, RelayUnderTest } from './testing/relay-test-stack';

function parsed<T>(validate: (input: unknown) => { ok: true; value: T } | { ok: false; issues: unknown }, response: ApiResponse): T {
  const result = validate(response.json);
  if (!result.ok) throw new Error(`unexpected body (${String(response.status)}): ${JSON.stringify(response.json)}`);
  return result.value;
}

// Headers do not depend on the database: the embedded one is enough.
const [embedded] = testBackends('relay/cache-control');

describe.runIf(embedded !== undefined)('Cache-Control of relay answers', () => {
  let relay: RelayUnderTest;

  beforeAll(async () => {
    if (embedded === undefined) throw new Error('no backend');
    relay = await bootRelay(embedded, { AUTH_DEV_LOGIN: '1' });
  });
  afterAll(async () => {
    await relay.close();
  });

  it('is no-store on sessions, campaigns, invites, members, history, party events and diagnostics — errors included', async () => {
    const seen: [string, number, string | null][] = [];
    const call = async (method: string, path: string, options: { token?: string; body?: unknown } = {}) => {
      const response = await relay.call(method, path, options);
      seen.push([`${method} ${path.replace(/[0-9a-f-]{36}|[A-Za-z0-9_-]{22}(?=\/accept)/g, '…')}`, response.status, response.headers.get('cache-control')]);
      return response;
    };
    const gm: Session = parsed(validators.session, await call('POST', '/v1/auth/dev', { body: { name: 'Gemma' } }));
    const player: Session = parsed(validators.session, await call('POST', '/v1/auth/dev', { body: { name: 'Pip' } }));
    await call('POST', '/v1/auth/refresh', { token: gm.token });
    await call('POST', '/v1/auth/telegram', { body: { initData: 'x' } });
    const campaign: Campaign = parsed(validators.campaign, await call('POST', '/v1/campaigns', { token: gm.token, body: { title: 'Cached?' } }));
    await call('GET', '/v1/campaigns', { token: gm.token });
    const invite: Invite = parsed(validators.invite, await call('POST', `/v1/campaigns/${campaign.id}/invites`, { token: gm.token, body: { role: 'player' } }));
    await call('POST', `/v1/invites/${invite.code}/accept`, { token: player.token });
    await call('GET', `/v1/docs/${campaign.docs.shared}/history`, { token: gm.token });
    await call('GET', `/v1/docs/${campaign.docs.shared}/at/1`, { token: gm.token });
    await call('POST', `/v1/campaigns/${campaign.id}/events`, {
      token: gm.token,
      body: { specversion: '1.0', id: randomUUID(), type: 'dev.rpgbot.party.chat-message.v1', data: { text: 'hi' } },
    });
    await call('GET', `/v1/campaigns/${campaign.id}/events`, { token: player.token });
    await call('DELETE', `/v1/campaigns/${campaign.id}/members/${encodeURIComponent(player.user.id)}`, { token: gm.token });
    await call('DELETE', `/v1/campaigns/${campaign.id}/invites/${invite.code}`, { token: gm.token });
    await call('POST', '/v1/diagnostics/client-errors', { body: { message: 'boom', occurredAt: '2026-11-24T10:00:00.000Z' } });
    await call('GET', '/v1/campaigns');
    await call('POST', '/v1/auth/logout', { token: player.token });
    expect(seen.filter(([, , cacheControl]) => cacheControl !== 'no-store')).toEqual([]);
    // Successes and refusals both were seen.
    expect(new Set(seen.map(([, status]) => Math.floor(status / 100)))).toEqual(new Set([2, 4]));
  });
});
