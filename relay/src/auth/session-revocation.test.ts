// Session revocation (POST /v1/auth/logout) end to end, on PGlite and PostgreSQL. The relay is
// composed here the way relay-module.ts is meant to wire it (see the module below).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTokenService, loadOrCreateSigningKeys } from '@rpg-bot/auth';
import { loadConfig } from '@rpg-bot/config';
import { validators } from '@rpg-bot/contracts';
import type { Campaign, Session } from '@rpg-bot/contracts';
import type { AppEnv } from '@rpg-bot/http';
import { bootStack } from '@rpg-bot/runtime';
import type { RunningStack, ServiceModule } from '@rpg-bot/runtime';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { campaignRoutes, CampaignStore } from '../campaigns';
import { relayMigrations } from '../db/migrations';
import { mountSync, syncMigrations } from '../sync';
import type { MountedSync, Timers } from '../sync';
import { ManualTimers } from '../sync/testing-timers';
import { authMigrations, authRoutes, bearerAuth, refuseRevokedTokens, SessionRevocations, UserStore } from '.';
import { bootRelay, testBackends } from './relay-test-stack';
import type { ApiResponse, RelayUnderTest } from './relay-test-stack';
import { testDatabaseUrl } from '@rpg-bot/db/testing';

/** The relay's auth, campaigns and sync, with revocation wired in; `mounted` receives the mounted sync. */
function relayWith(timers?: Timers, mounted?: (sync: MountedSync) => void): ServiceModule {
  return {
    name: 'relay',
    migrations: [...relayMigrations, ...syncMigrations, ...authMigrations],
    createApp: async ({ db, config, clock, logger, metrics, onShutdown }) => {
      const users = new UserStore(db, clock);
      const keys = await loadOrCreateSigningKeys({ dataDir: config.dataDir, logger });
      const revocations = new SessionRevocations(db, clock, logger.child({ component: 'session-revocations' }));
      await revocations.start();
      onShutdown(() => revocations.stop());
      const tokens = refuseRevokedTokens(
        createTokenService({ keys, issuer: 'rpg-bot-relay', audience: 'rpg-bot', ttlSeconds: config.sessionTtlSeconds, now: clock }),
        revocations,
      );
      const app = new Hono<AppEnv>();
      app.route('/', authRoutes({ settings: config, users, tokens, clock, revocations }));
      const campaigns = new CampaignStore(db, clock);
      app.route('/', campaignRoutes({ store: campaigns, settings: config, auth: bearerAuth(tokens, users) }));
      const docAccess = (docId: string, userId: string) => campaigns.docAccessFor(docId, userId);
      const sync = await mountSync({
        db,
        clock,
        logger,
        registry: metrics.registry,
        tokens,
        users,
        docAccess,
        revocations,
        ...(timers === undefined ? {} : { timers }),
      });
      mounted?.(sync);
      onShutdown(() => sync.stop());
      app.route('/', sync.app);
      return app;
    },
  };
}
const relayWithRevocation = relayWith();

function parsed<T>(validate: (input: unknown) => { ok: true; value: T } | { ok: false; issues: unknown }, response: ApiResponse): T {
  const result = validate(response.json);
  if (!result.ok) throw new Error(`unexpected body (${String(response.status)}): ${JSON.stringify(response.json)}`);
  return result.value;
}

/** Opens a sync socket and resolves once it is open; `closed` resolves with the close code. */
function openSocket(url: string): Promise<{ socket: WebSocket; closed: Promise<number> }> {
  const socket = new WebSocket(url);
  const closed = new Promise<number>((resolve) => socket.once('close', resolve));
  return new Promise((resolve, reject) => {
    // The relay admits after the handshake: wait for its first frame (sync step 1) to know it was admitted.
    socket.once('message', () => {
      resolve({ socket, closed });
    });
    socket.once('close', (code) => {
      reject(new Error(`closed with ${String(code)} before admission`));
    });
    socket.once('error', reject);
  });
}

function closeCode(url: string): Promise<number> {
  const socket = new WebSocket(url);
  return new Promise((resolve) => socket.once('close', resolve));
}

describe.each(testBackends('relay/auth revocation'))('session revocation on $name', (backend) => {
  let relay: RelayUnderTest;
  let session: Session;
  let otherDevice: Session;
  let campaign: Campaign;
  const sockets: WebSocket[] = [];
  const syncUrl = (token: string) => `${relay.stack.url.replace('http', 'ws')}/v1/sync/${campaign.docs.shared}?token=${encodeURIComponent(token)}`;

  beforeAll(async () => {
    relay = await bootRelay(backend, { AUTH_DEV_LOGIN: '1' }, relayWithRevocation);
    session = parsed(validators.session, await relay.call('POST', '/v1/auth/dev', { body: { name: 'Leaving' } }));
    campaign = parsed(validators.campaign, await relay.call('POST', '/v1/campaigns', { token: session.token, body: { title: 'Exit' } }));
    relay.clock.now += 1_000;
    otherDevice = parsed(validators.session, await relay.call('POST', '/v1/auth/refresh', { token: session.token }));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.terminate();
    await relay.close();
  });

  it('SYNC-AUTH-4: logout revokes the token for every route and closes its open sync sockets with 4401, not the other session’s', async () => {
    const mine = await openSocket(syncUrl(session.token));
    const theirs = await openSocket(syncUrl(otherDevice.token));
    sockets.push(mine.socket, theirs.socket);

    const logout = await relay.call('POST', '/v1/auth/logout', { token: session.token });
    expect(logout.status).toBe(204);
    expect(await mine.closed).toBe(4401);

    expect((await relay.call('GET', '/v1/campaigns', { token: session.token })).status).toBe(401);
    expect((await relay.call('POST', '/v1/auth/refresh', { token: session.token })).status).toBe(401);
    expect((await relay.call('POST', '/v1/auth/logout', { token: session.token })).status).toBe(401);
    expect(await closeCode(syncUrl(session.token))).toBe(4401);

    expect((await relay.call('GET', '/v1/campaigns', { token: otherDevice.token })).status).toBe(200);
    expect(theirs.socket.readyState).toBe(WebSocket.OPEN);
    const { rows } = await relay.stack.db.query<{ user_id: string; expires_at: Date }>('SELECT user_id, expires_at FROM revoked_sessions');
    expect(rows).toEqual([{ user_id: session.user.id, expires_at: new Date(session.expiresAt) }]);
  });

  it('needs a bearer token', async () => {
    expect((await relay.call('POST', '/v1/auth/logout')).status).toBe(401);
  });

  it('forgets revocations of tokens that have expired anyway', async () => {
    relay.clock.now += 3_600_000;
    const fresh = parsed(validators.session, await relay.call('POST', '/v1/auth/dev', { body: { name: 'Later' } }));
    expect((await relay.call('POST', '/v1/auth/logout', { token: fresh.token })).status).toBe(204);
    const { rows } = await relay.stack.db.query<{ user_id: string }>('SELECT user_id FROM revoked_sessions');
    expect(rows).toEqual([{ user_id: fresh.user.id }]);
  });

  it('exposes the sync metrics of the issue on /metrics', async () => {
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
    expect(text).toMatch(/relay_sync_rejected_total\{reason="session_revoked"\} 1/);
    expect(text).toMatch(/relay_sync_rejected_total\{reason="token_invalid"\} 1/);
  });
});

describe.each(testBackends('relay/sync access'))('sync sockets follow access on $name', (backend) => {
  let relay: RelayUnderTest;
  let sync: MountedSync | undefined;
  const timers = new ManualTimers();
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    relay = await bootRelay(backend, { AUTH_DEV_LOGIN: '1', SESSION_TTL_SECONDS: '900' }, relayWith(timers, (mounted) => (sync = mounted)));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.terminate();
    await relay.close();
  });

  const signedIn = async (name: string) => {
    const session = parsed(validators.session, await relay.call('POST', '/v1/auth/dev', { body: { name } }));
    const campaign = parsed(validators.campaign, await relay.call('POST', '/v1/campaigns', { token: session.token, body: { title: name } }));
    const url = `${relay.stack.url.replace('http', 'ws')}/v1/sync/${campaign.docs.shared}?token=${encodeURIComponent(session.token)}`;
    const opened = await openSocket(url);
    sockets.push(opened.socket);
    return { session, campaign, ...opened };
  };

  it('SYNC-AUTH-2: a sync socket closes with 4401 once its token expires, by the relay clock', async () => {
    const { closed, socket } = await signedIn('Expiring');
    timers.advance(899_000);
    relay.clock.now += 899_000;
    expect(socket.readyState).toBe(WebSocket.OPEN);
    relay.clock.now += 1_000;
    timers.advance(1_000);
    expect(await closed).toBe(4401);
  });

  it('SYNC-AUTH-3: disconnect(userId, docIds) closes that member’s sockets on those docs with 4403', async () => {
    const { session, campaign, closed } = await signedIn('Removed');
    const bystander = await signedIn('Stays');
    expect(sync?.disconnect(session.user.id, [campaign.docs.shared])).toBe(1);
    expect(await closed).toBe(4403);
    expect(bystander.socket.readyState).toBe(WebSocket.OPEN);
  });
});

const adminUrl = testDatabaseUrl();

describe.skipIf(adminUrl === undefined)('session revocation across two relays on one PostgreSQL database', () => {
  const stacks: RunningStack[] = [];
  let dataDir = '';
  let cleanup: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    const { createTestPostgresDatabase } = await import('@rpg-bot/db/testing');
    const database = await createTestPostgresDatabase(adminUrl ?? '');
    cleanup = () => database.cleanup();
    dataDir = await mkdtemp(join(tmpdir(), 'rpgbot-revocation-'));
    const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', RATE_LIMIT_ENABLED: '0', AUTH_DEV_LOGIN: '1', DATABASE_URL: database.url });
    stacks.push(await bootStack({ config, modules: [relayWithRevocation], version: 'test' }));
    stacks.push(await bootStack({ config, modules: [relayWithRevocation], version: 'test' }));
  });
  afterAll(async () => {
    for (const stack of stacks) await stack.close();
    await cleanup();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('SYNC-AUTH-4: a logout on one relay closes the session’s sync socket on the other with 4401', async () => {
    const [one, two] = stacks;
    if (one === undefined || two === undefined) throw new Error('stacks missing');
    const post = async (url: string, token?: string, body?: unknown) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, headers: response.headers, json: response.status === 204 ? undefined : await response.json() };
    };
    const session = parsed(validators.session, await post(`${one.url}/v1/auth/dev`, undefined, { name: 'Roamer' }));
    const campaign = parsed(validators.campaign, await post(`${one.url}/v1/campaigns`, session.token, { title: 'Far' }));
    const onTwo = await openSocket(`${two.url.replace('http', 'ws')}/v1/sync/${campaign.docs.shared}?token=${encodeURIComponent(session.token)}`);
    expect((await post(`${one.url}/v1/auth/logout`, session.token)).status).toBe(204);
    await vi.waitFor(() => {
      expect(onTwo.socket.readyState).toBe(WebSocket.CLOSED);
    }, { timeout: 5000, interval: 10 });
    expect(await onTwo.closed).toBe(4401);
  });
});
