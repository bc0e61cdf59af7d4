/**
 * Scale-out as deployed: two relay processes (`relay/dist/main.js`) on one PostgreSQL database,
 * sharing only the database and SESSION_SIGNING_KEY (each has its own DATA_DIR). An update a
 * client commits through one relay reaches the clients of the other (LISTEN/NOTIFY carries the doc
 * id and seq; the other relay reads the row), for our protocol client and a stock y-websocket
 * provider alike.
 */
import { expect, test } from '@playwright/test';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { findFreePort } from '../../scripts/lib/free-port.mjs';
import { createCampaign, devLogin, syncBase, syncUrl } from '../support/api';
import { adminDatabaseUrl, freshPostgresDatabase, noPostgresReason, tempDataDir } from '../support/backends';
import { startBundle } from '../support/processes';
import type { BundleProcess } from '../support/processes';
import { connectProtocolClient } from '../support/protocol-client';
import type { ProtocolClient } from '../support/protocol-client';
import { ed25519SigningKeyPem } from '../support/signing-key';

const RELAY = 'relay/dist/main.js';

test.describe('two relay processes on one PostgreSQL database', () => {
  test.skip(adminDatabaseUrl === undefined, noPostgresReason);
  test.describe.configure({ timeout: 60_000 });

  const cleanups: (() => Promise<void> | void)[] = [];
  let relayA: BundleProcess;
  let relayB: BundleProcess;
  let gmToken = '';
  let docIds: { shared: string; gm: string; private: string } = { shared: '', gm: '', private: '' };
  const clients: ProtocolClient[] = [];
  const providers: WebsocketProvider[] = [];

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    const database = await freshPostgresDatabase();
    cleanups.push(() => database.cleanup());
    const signingKey = ed25519SigningKeyPem();
    const start = async (name: string): Promise<BundleProcess> => {
      const dir = tempDataDir(`rpg-bot-e2e-relay-${name}-`);
      cleanups.push(dir.cleanup);
      const relay = await startBundle(RELAY, {
        PORT: String(await findFreePort()),
        DATA_DIR: dir.dataDir,
        DATABASE_URL: database.url,
        SESSION_SIGNING_KEY: signingKey,
        AUTH_DEV_LOGIN: '1',
      });
      cleanups.push(() => relay.stop());
      return relay;
    };
    relayA = await start('a');
    relayB = await start('b');
    // Signed in on A, used on B: only the shared key makes that work.
    gmToken = await devLogin(relayA.url, 'Sam the scaled-out GM');
    const campaign = await createCampaign(relayA.url, gmToken, 'One database, two relays');
    docIds = { shared: campaign.docs.shared, gm: campaign.docs.gm ?? '', private: campaign.docs.private };
  });
  test.afterEach(async () => {
    for (const provider of providers.splice(0)) provider.destroy();
    for (const client of clients.splice(0)) await client.close();
  });
  test.afterAll(async () => {
    // Relays stop before the database is dropped.
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  const connect = async (relay: BundleProcess, docId: string): Promise<ProtocolClient> => {
    const client = await connectProtocolClient(syncUrl(relay.url, docId, gmToken));
    clients.push(client);
    await client.synced;
    return client;
  };

  test('SYNC-ACK-1 / SYNC-ACK-4: an update accepted by relay A reaches a client of relay B, and back', async () => {
    const onA = await connect(relayA, docIds.shared);
    const onB = await connect(relayB, docIds.shared);

    const fromA = await onA.change((doc) => {
      doc.getText('notes').insert(0, 'Written through A. ');
    });
    expect(fromA.status).toBe('acked');
    await expect.poll(() => onB.doc.getText('notes').toJSON()).toBe('Written through A. ');

    const fromB = await onB.change((doc) => {
      doc.getMap('party').set('marching order', ['Sam', 'Ivy']);
    });
    expect(fromB.status).toBe('acked');
    await expect.poll(() => onA.doc.getMap('party').get('marching order')).toEqual(['Sam', 'Ivy']);

    // Both relays append to the same per-doc log: the seqs never collide (SYNC-ACK-2).
    if (fromA.status === 'acked' && fromB.status === 'acked') expect(fromB.seq).toBeGreaterThan(fromA.seq);
    expect([...onA.errors, ...onB.errors]).toEqual([]);
  });

  test('SYNC-ACK-4: a late joiner on B gets what was committed through A while nobody was on B', async () => {
    const onA = await connect(relayA, docIds.private);
    const outcome = await onA.change((doc) => {
      doc.getArray<string>('journal').push(['day 1: left the village', 'day 2: the bridge is out']);
    });
    expect(outcome.status).toBe('acked');
    const late = await connect(relayB, docIds.private);
    expect(late.doc.getArray<string>('journal').toArray()).toEqual(['day 1: left the village', 'day 2: the bridge is out']);
  });

  test('SYNC-COMPAT-6: a stock y-websocket provider on relay B converges with our protocol client on relay A', async () => {
    const ours = await connect(relayA, docIds.gm);
    const stockDoc = new Y.Doc();
    const provider = new WebsocketProvider(syncBase(relayB.url), docIds.gm, stockDoc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token: gmToken },
      disableBc: true,
    });
    providers.push(provider);
    await new Promise<void>((resolve) => {
      if (provider.synced) resolve();
      else
        provider.once('sync', () => {
          resolve();
        });
    });

    // Concurrent edits on both sides, then more on each: Yjs merges them, the relays carry them.
    const ourEdit = ours.change((doc) => {
      doc.getText('secrets').insert(0, 'The duke is the cultist.');
      doc.getMap('npcs').set('duke', { alignment: 'evil' });
    });
    stockDoc.getText('secrets').insert(0, 'The well is poisoned. ');
    stockDoc.getMap('npcs').set('innkeeper', { alignment: 'neutral' });
    expect((await ourEdit).status).toBe('acked');
    await expect.poll(() => stockDoc.getMap('npcs').size).toBe(2);
    await expect.poll(() => ours.doc.getMap('npcs').size).toBe(2);
    const poisoned = 'The well is poisoned. ';
    stockDoc.getText('secrets').delete(stockDoc.getText('secrets').toJSON().indexOf(poisoned), poisoned.length);
    const ourLast = await ours.change((doc) => {
      doc.getText('secrets').insert(doc.getText('secrets').length, ' He meets them at night.');
    });
    expect(ourLast.status).toBe('acked');

    const snapshot = (doc: Y.Doc): unknown => ({ secrets: doc.getText('secrets').toJSON(), npcs: doc.getMap('npcs').toJSON() });
    const converged = {
      secrets: 'The duke is the cultist. He meets them at night.',
      npcs: { duke: { alignment: 'evil' }, innkeeper: { alignment: 'neutral' } },
    };
    await expect.poll(() => snapshot(stockDoc)).toEqual(converged);
    await expect.poll(() => snapshot(ours.doc)).toEqual(converged);
    expect(ours.errors).toEqual([]);
  });
});
