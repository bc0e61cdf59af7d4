// Two relay processes (two stacks in this test process) on one PostgreSQL database: a commit on
// one reaches the other's sockets through LISTEN/NOTIFY, and the other's cache never serves stale state.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@rpg-bot/config';
import { validators } from '@rpg-bot/contracts';
import { createTestPostgresDatabase, testDatabaseUrl } from '@rpg-bot/db/testing';
import { bootStack } from '@rpg-bot/runtime';
import type { RunningStack } from '@rpg-bot/runtime';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { relayModule } from '../relay-module';

const adminUrl = testDatabaseUrl();
if (adminUrl === undefined) {
  console.warn('[relay/sync fan-out] TEST_DATABASE_URL is not set: the two-relay test needs a real PostgreSQL server and is skipped.');
}

const eventually = (assertion: () => void) => vi.waitFor(assertion, { timeout: 5000, interval: 10 });

describe.skipIf(adminUrl === undefined)('sync fan-out across two relays on one PostgreSQL database', () => {
  const stacks: RunningStack[] = [];
  const providers: WebsocketProvider[] = [];
  let cleanup: () => Promise<void> = () => Promise.resolve();
  let dataDir = '';
  let token = '';
  let docId = '';

  beforeAll(async () => {
    const database = await createTestPostgresDatabase(adminUrl ?? '');
    cleanup = () => database.cleanup();
    // Shared DATA_DIR: both relays must sign and verify with the same session key.
    dataDir = await mkdtemp(join(tmpdir(), 'rpgbot-sync-fanout-'));
    const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', RATE_LIMIT_ENABLED: '0', AUTH_DEV_LOGIN: '1', DATABASE_URL: database.url });
    stacks.push(await bootStack({ config, modules: [relayModule], version: 'test' }));
    stacks.push(await bootStack({ config, modules: [relayModule], version: 'test' }));
    const first = stacks[0];
    if (first === undefined) throw new Error('no stack');
    const json = (response: Response): Promise<unknown> => response.json();
    const session = validators.session(
      await json(await fetch(`${first.url}/v1/auth/dev`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"Fan"}' })),
    );
    if (!session.ok) throw new Error('sign-in failed');
    token = session.value.token;
    const campaign = validators.campaign(
      await json(
        await fetch(`${first.url}/v1/campaigns`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: '{"title":"Two relays"}',
        }),
      ),
    );
    if (!campaign.ok) throw new Error('campaign failed');
    docId = campaign.value.docs.shared;
  });
  afterAll(async () => {
    for (const provider of providers) provider.destroy();
    for (const stack of stacks) await stack.close();
    await cleanup();
    await rm(dataDir, { recursive: true, force: true });
  });

  const provide = (stack: RunningStack) => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${stack.url.replace('http', 'ws')}/v1/sync`, docId, doc, {
      WebSocketPolyfill: WebSocket as never,
      params: { token },
      disableBc: true,
    });
    providers.push(provider);
    return { doc, provider };
  };

  it('SYNC-ACK-4: delivers a commit made on one relay to sockets on the other, and a late joiner there gets it too', async () => {
    const [one, two] = stacks;
    if (one === undefined || two === undefined) throw new Error('stacks missing');
    const a = provide(one);
    const b = provide(two);
    await eventually(() => {
      expect(a.provider.synced && b.provider.synced).toBe(true);
    });
    a.doc.getText('t').insert(0, 'from relay one');
    await eventually(() => {
      expect(b.doc.getText('t').toJSON()).toBe('from relay one');
    });
    b.doc.getText('u').insert(0, 'from relay two');
    await eventually(() => {
      expect(a.doc.getText('u').toJSON()).toBe('from relay two');
    });
    const late = provide(two);
    await eventually(() => {
      expect(late.doc.getText('t').toJSON()).toBe('from relay one');
      expect(late.doc.getText('u').toJSON()).toBe('from relay two');
    });
  });
});
