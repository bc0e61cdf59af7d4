// Sessions end when they should (SYNC-AUTH-2…4, docs/adr/0017): a logout revokes the whole session
// — every token refreshed from the same sign-in, before or after the one signed out with — and
// closes its sync and party sockets; token expiry and member removal close them too. Through the
// relay module as production wires it, on PGlite and PostgreSQL.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signTelegramInitData } from '@rpg-bot/auth/testing';
import { loadConfig } from '@rpg-bot/config';
import { validators } from '@rpg-bot/contracts';
import type { Campaign, Invite, Session } from '@rpg-bot/contracts';
import { testDatabaseUrl } from '@rpg-bot/db/testing';
import { bootStack } from '@rpg-bot/runtime';
import type { RunningStack } from '@rpg-bot/runtime';
import { closeCodes } from '@rpg-bot/sync-protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { partyClient } from '../party/party-test-client';
import type { PartyTestClient } from '../party/party-test-client';
import { createRelayModule, relayModule } from '../relay-module';
import { ManualTimers } from '@rpg-bot/kit/testing';
import { BOT_TOKEN, bootRelay, testBackends } from '../testing/relay-test-stack';
import type { ApiResponse, RelayUnderTest } from '../testing/relay-test-stack';

const TTL_SECONDS = 900;

function parsed<T>(validate: (input: unknown) => { ok: true; value: T } | { ok: false; issues: unknown }, response: ApiResponse): T {
  const result = validate(response.json);
  if (!result.ok) throw new Error(`unexpected body (${String(response.status)}): ${JSON.stringify(response.json)}`);
  return result.value;
}

interface SyncTestSocket {
  readonly socket: WebSocket;
  readonly closed: Promise<number>;
}

/** Opens a sync socket and resolves once it was admitted (its first frame, sync step 1, arrived). */
function openSync(url: string): Promise<SyncTestSocket> {
  const socket = new WebSocket(url);
  const closed = new Promise<number>((resolve) => socket.once('close', resolve));
  return new Promise((resolve, reject) => {
    socket.once('message', () => {
      resolve({ socket, closed });
    });
    socket.once('close', (code) => {
      reject(new Error(`closed with ${String(code)} before admission`));
    });
    socket.once('error', reject);
  });
}

/** The close code of a sync socket the relay refuses. */
function syncCloseCode(url: string): Promise<number> {
  const socket = new WebSocket(url);
  return new Promise((resolve) => socket.once('close', resolve));
}

const wsBase = (httpUrl: string) => httpUrl.replace('http', 'ws');
const syncUrl = (base: string, docId: string, token: string) => `${wsBase(base)}/v1/sync/${docId}?token=${encodeURIComponent(token)}`;
const partyUrl = (base: string, campaignId: string, token: string) => `${wsBase(base)}/v1/party/${campaignId}?token=${encodeURIComponent(token)}`;
const chat = (text: string) => ({ specversion: '1.0', id: randomUUID(), type: 'dev.rpgbot.party.chat-message.v1', data: { text } });

describe.each(testBackends('relay/auth session revocation'))('sessions end when they should, on $name', (backend) => {
  let relay: RelayUnderTest;
  const timers = new ManualTimers();
  const syncSockets: WebSocket[] = [];
  const partySockets: PartyTestClient[] = [];

  beforeAll(async () => {
    relay = await bootRelay(
      backend,
      { AUTH_DEV_LOGIN: '1', TELEGRAM_BOT_TOKEN: BOT_TOKEN, SESSION_TTL_SECONDS: String(TTL_SECONDS) },
      createRelayModule({ timers }),
    );
  });
  afterEach(() => {
    for (const socket of syncSockets.splice(0)) socket.terminate();
    for (const client of partySockets.splice(0)) client.socket.terminate();
  });
  afterAll(async () => {
    await relay.close();
  });

  /** Moves the relay clock and its timers together. */
  const advance = (ms: number) => {
    relay.clock.now += ms;
    timers.advance(ms);
  };
  /** A Telegram sign-in: the same Telegram id signs in as the same user, each time a new session. */
  const telegramLogin = async (telegramId: number): Promise<Session> => {
    const initData = signTelegramInitData({ botToken: BOT_TOKEN, user: { id: telegramId, first_name: 'Tess' }, authDate: new Date(relay.clock.now) });
    return parsed(validators.session, await relay.call('POST', '/v1/auth/telegram', { body: { initData } }));
  };
  const devLogin = async (name: string): Promise<Session> => parsed(validators.session, await relay.call('POST', '/v1/auth/dev', { body: { name } }));
  const refresh = async (session: Session): Promise<Session> => parsed(validators.session, await relay.call('POST', '/v1/auth/refresh', { token: session.token }));
  const newCampaign = async (session: Session): Promise<Campaign> =>
    parsed(validators.campaign, await relay.call('POST', '/v1/campaigns', { token: session.token, body: { title: 'Ends' } }));
  const sync = async (session: Session, docId: string): Promise<SyncTestSocket> => {
    const opened = await openSync(syncUrl(relay.stack.url, docId, session.token));
    syncSockets.push(opened.socket);
    return opened;
  };
  const party = async (session: Session, campaign: Campaign): Promise<PartyTestClient> => {
    const client = await partyClient(partyUrl(relay.stack.url, campaign.id, session.token));
    partySockets.push(client);
    return client;
  };
  const liveParty = async (session: Session, campaign: Campaign): Promise<PartyTestClient> => {
    const client = await party(session, campaign);
    await client.next('ready');
    return client;
  };

  it('SYNC-AUTH-4: a logout ends every token of the session — refreshed before or after — and closes its sync and party sockets with 4401', async () => {
    const first = await telegramLogin(7_000_000_001);
    const campaign = await newCampaign(first);
    relay.clock.now += 1_000;
    const refreshed = await refresh(first);
    relay.clock.now += 1_000;
    const latest = await refresh(refreshed);
    // The same user on another device: a sign-in of its own, a session of its own.
    const otherDevice = await telegramLogin(7_000_000_001);
    expect(otherDevice.user.id).toBe(first.user.id);

    const doomed = [await sync(first, campaign.docs.shared), await sync(latest, campaign.docs.shared)];
    const doomedParty = [await liveParty(first, campaign), await liveParty(latest, campaign)];
    const keptSync = await sync(otherDevice, campaign.docs.shared);
    const keptParty = await liveParty(otherDevice, campaign);

    // Signed out with the middle token of the chain.
    expect((await relay.call('POST', '/v1/auth/logout', { token: refreshed.token })).status).toBe(204);
    for (const socket of doomed) expect(await socket.closed).toBe(closeCodes.Unauthorized.code);
    for (const client of doomedParty) expect(await client.closed).toBe(closeCodes.Unauthorized.code);

    for (const session of [first, refreshed, latest]) {
      expect((await relay.call('GET', '/v1/campaigns', { token: session.token })).status).toBe(401);
      expect((await relay.call('POST', '/v1/auth/refresh', { token: session.token })).status).toBe(401);
      expect((await relay.call('POST', '/v1/auth/logout', { token: session.token })).status).toBe(401);
      expect((await relay.call('POST', `/v1/campaigns/${campaign.id}/events`, { token: session.token, body: chat('let me in') })).status).toBe(401);
      expect(await syncCloseCode(syncUrl(relay.stack.url, campaign.docs.shared, session.token))).toBe(closeCodes.Unauthorized.code);
      const refused = await party(session, campaign);
      expect(await refused.closed).toBe(closeCodes.Unauthorized.code);
      expect(refused.frames).toEqual([]);
    }

    // The other device's session goes on: its sockets stay open and it still publishes.
    expect((await relay.call('GET', '/v1/campaigns', { token: otherDevice.token })).status).toBe(200);
    expect(keptSync.socket.readyState).toBe(WebSocket.OPEN);
    keptParty.publish(chat('still here'));
    const ack = await keptParty.next('ack');
    // Nothing was published by the signed-out session: the other device's chat is the campaign's first event.
    expect(ack.seq).toBe(1);
    const { rows } = await relay.stack.db.query<{ user_id: string }>('SELECT user_id FROM revoked_sessions WHERE user_id = $1', [first.user.id]);
    expect(rows).toHaveLength(1);
  });

  it('SYNC-AUTH-3: removing a member closes their sync and party sockets with 4403, not the GM’s', async () => {
    const gm = await devLogin('Gemma');
    const player = await devLogin('Pip');
    const campaign = await newCampaign(gm);
    const invite: Invite = parsed(validators.invite, await relay.call('POST', `/v1/campaigns/${campaign.id}/invites`, { token: gm.token, body: { role: 'player' } }));
    expect((await relay.call('POST', `/v1/invites/${invite.code}/accept`, { token: player.token })).status).toBe(200);
    const playerSync = await sync(player, campaign.docs.shared);
    const playerParty = await liveParty(player, campaign);
    const gmSync = await sync(gm, campaign.docs.shared);
    const gmParty = await liveParty(gm, campaign);

    const removal = await relay.call('DELETE', `/v1/campaigns/${campaign.id}/members/${encodeURIComponent(player.user.id)}`, { token: gm.token });
    expect(removal.status).toBe(204);
    expect(await playerSync.closed).toBe(closeCodes.Forbidden.code);
    expect(await playerParty.closed).toBe(closeCodes.Forbidden.code);
    expect(gmSync.socket.readyState).toBe(WebSocket.OPEN);
    expect(gmParty.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('SYNC-AUTH-2: sync and party sockets close with 4401 once their token expires, by the relay clock', async () => {
    const session = await devLogin('Expiring');
    const campaign = await newCampaign(session);
    const syncSocket = await sync(session, campaign.docs.shared);
    const partySocket = await liveParty(session, campaign);
    advance((TTL_SECONDS - 1) * 1000);
    expect(syncSocket.socket.readyState).toBe(WebSocket.OPEN);
    expect(partySocket.socket.readyState).toBe(WebSocket.OPEN);
    advance(1_000);
    expect(await syncSocket.closed).toBe(closeCodes.Unauthorized.code);
    expect(await partySocket.closed).toBe(closeCodes.Unauthorized.code);
  });

  it('keeps a revoked session refused until its last token expired, then forgets it', async () => {
    const first = await devLogin('Long');
    relay.clock.now += 800_000;
    // Refreshed just before the logout: valid until 900 s from now, long after `first` expires.
    const refreshed = await refresh(first);
    expect((await relay.call('POST', '/v1/auth/logout', { token: first.token })).status).toBe(204);
    relay.clock.now += 200_000;
    expect((await relay.call('GET', '/v1/campaigns', { token: refreshed.token })).status).toBe(401);
    expect((await relay.call('POST', '/v1/auth/refresh', { token: refreshed.token })).status).toBe(401);
    const { rows } = await relay.stack.db.query<{ expires_at: Date }>('SELECT expires_at FROM revoked_sessions WHERE user_id = $1', [first.user.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.expires_at.getTime()).toBeGreaterThanOrEqual(Date.parse(refreshed.expiresAt));

    relay.clock.now += 3_600_000;
    const later = await devLogin('Later');
    expect((await relay.call('POST', '/v1/auth/logout', { token: later.token })).status).toBe(204);
    const left = await relay.stack.db.query<{ user_id: string }>('SELECT user_id FROM revoked_sessions');
    expect(left.rows).toEqual([{ user_id: later.user.id }]);
  });

  it('needs a bearer token to sign out', async () => {
    expect((await relay.call('POST', '/v1/auth/logout')).status).toBe(401);
  });

  it('exposes the sync metrics of the issue and counts closed sessions on /metrics', async () => {
    const text = await (await fetch(new URL('/metrics', relay.stack.url))).text();
    for (const name of [
      'relay_sync_connections',
      'relay_sync_loaded_docs',
      'relay_sync_messages_received_total',
      'relay_sync_messages_sent_total',
      'relay_sync_received_bytes_total',
      'relay_sync_sent_bytes_total',
      'relay_sync_rejected_total',
      'relay_sync_commit_seconds',
      'relay_sync_fanout_lag_seconds',
      'relay_sync_compactions_total',
      'relay_sync_compaction_seconds',
      'relay_sync_log_tail_updates',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(text).toMatch(/relay_sync_rejected_total\{reason="session_revoked"\} 2/);
    expect(text).toMatch(/relay_party_rejected_total\{reason="session_revoked"\} 2/);
    expect(text).toMatch(/relay_sync_rejected_total\{reason="token_invalid"\} [1-9]/);
  });
});

const adminUrl = testDatabaseUrl();

describe.skipIf(adminUrl === undefined)('sessions end across two relays on one PostgreSQL database', () => {
  const stacks: RunningStack[] = [];
  let dataDir = '';
  let cleanup: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    const { createTestPostgresDatabase } = await import('@rpg-bot/db/testing');
    const database = await createTestPostgresDatabase(adminUrl ?? '');
    cleanup = () => database.cleanup();
    dataDir = await mkdtemp(join(tmpdir(), 'rpgbot-revocation-'));
    const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', RATE_LIMIT_ENABLED: '0', AUTH_DEV_LOGIN: '1', DATABASE_URL: database.url });
    stacks.push(await bootStack({ config, modules: [relayModule], version: 'test' }));
    stacks.push(await bootStack({ config, modules: [relayModule], version: 'test' }));
  });
  afterAll(async () => {
    for (const stack of stacks) await stack.close();
    await cleanup();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('SYNC-AUTH-4: a logout on one relay closes the sync and party sockets of a token refreshed from it on the other with 4401', async () => {
    const [one, two] = stacks;
    if (one === undefined || two === undefined) throw new Error('stacks missing');
    const post = async (url: string, token?: string, body?: unknown): Promise<ApiResponse> => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, headers: response.headers, json: response.status === 204 ? undefined : await response.json() };
    };
    const session = parsed(validators.session, await post(`${one.url}/v1/auth/dev`, undefined, { name: 'Roamer' }));
    const campaign = parsed(validators.campaign, await post(`${one.url}/v1/campaigns`, session.token, { title: 'Far' }));
    const refreshed = parsed(validators.session, await post(`${two.url}/v1/auth/refresh`, session.token));
    const onTwo = await openSync(syncUrl(two.url, campaign.docs.shared, refreshed.token));
    const partyOnTwo = await partyClient(partyUrl(two.url, campaign.id, refreshed.token));
    try {
      await partyOnTwo.next('ready');
      expect((await post(`${one.url}/v1/auth/logout`, session.token)).status).toBe(204);
      await vi.waitFor(() => {
        expect(onTwo.socket.readyState).toBe(WebSocket.CLOSED);
        expect(partyOnTwo.socket.readyState).toBe(WebSocket.CLOSED);
      }, { timeout: 5000, interval: 10 });
      expect(await onTwo.closed).toBe(closeCodes.Unauthorized.code);
      expect(await partyOnTwo.closed).toBe(closeCodes.Unauthorized.code);
    } finally {
      onTwo.socket.terminate();
      partyOnTwo.socket.terminate();
    }
  });
  it('SYNC-AUTH-3: removing a member on one relay closes their sync and party sockets on the other with 4403', async () => {
    const [one, two] = stacks;
    if (one === undefined || two === undefined) throw new Error('stacks missing');
    const call = async (url: string, method: string, token?: string, body?: unknown): Promise<ApiResponse> => {
      const response = await fetch(url, {
        method,
        headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
    };
    const gm = parsed(validators.session, await call(`${one.url}/v1/auth/dev`, 'POST', undefined, { name: 'Gemma' }));
    const player = parsed(validators.session, await call(`${one.url}/v1/auth/dev`, 'POST', undefined, { name: 'Pip' }));
    const campaign = parsed(validators.campaign, await call(`${one.url}/v1/campaigns`, 'POST', gm.token, { title: 'Split' }));
    const invite = parsed(validators.invite, await call(`${one.url}/v1/campaigns/${campaign.id}/invites`, 'POST', gm.token, { role: 'player' }));
    expect((await call(`${one.url}/v1/invites/${invite.code}/accept`, 'POST', player.token)).status).toBe(200);
    const syncOnTwo = await openSync(syncUrl(two.url, campaign.docs.shared, player.token));
    const partyOnTwo = await partyClient(partyUrl(two.url, campaign.id, player.token));
    const gmOnTwo = await openSync(syncUrl(two.url, campaign.docs.shared, gm.token));
    try {
      await partyOnTwo.next('ready');
      expect((await call(`${one.url}/v1/campaigns/${campaign.id}/members/${encodeURIComponent(player.user.id)}`, 'DELETE', gm.token)).status).toBe(204);
      expect(await syncOnTwo.closed).toBe(closeCodes.Forbidden.code);
      expect(await partyOnTwo.closed).toBe(closeCodes.Forbidden.code);
      expect(gmOnTwo.socket.readyState).toBe(WebSocket.OPEN);
    } finally {
      for (const socket of [syncOnTwo.socket, partyOnTwo.socket, gmOnTwo.socket]) socket.terminate();
    }
  });
});
