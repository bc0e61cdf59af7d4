/**
 * Durable before acknowledged, tested the hard way: the all-in-one server (`server/dist/main.js`)
 * is killed with SIGKILL right after it acked an update — no shutdown hook, nothing flushed — and
 * a fresh client of the restarted process must still get every acked update. On the embedded
 * PGlite (same DATA_DIR) and on a real PostgreSQL server (fresh database per test).
 */
import { expect, test } from '@playwright/test';
import * as Y from 'yjs';
import { findFreePort } from '../../scripts/lib/free-port.mjs';
import { createCampaign, devLogin, syncUrl } from '../support/api';
import { processBackends } from '../support/backends';
import type { ProcessStorage } from '../support/backends';
import { startBundle } from '../support/processes';
import type { BundleProcess } from '../support/processes';
import { connectProtocolClient } from '../support/protocol-client';
import type { ChangeOutcome, ProtocolClient } from '../support/protocol-client';

const SERVER = 'server/dist/main.js';
const BURST = 200;
/** Kill once this many of the burst are acked, so the rest are in flight when the process dies. */
const KILL_AFTER_ACKS = 60;

interface Running {
  server: BundleProcess;
  token: string;
  docId: string;
}

/** Starts the server on `storage`, signs in and creates a campaign; returns its shared doc. */
async function startWithCampaign(storage: ProcessStorage, port: number): Promise<Running> {
  const server = await startBundle(SERVER, { ...storage.env, PORT: String(port), AUTH_DEV_LOGIN: '1' });
  const token = await devLogin(server.url, 'Dora the durable GM');
  const campaign = await createCampaign(server.url, token, 'Crash-proof campaign');
  return { server, token, docId: campaign.docs.shared };
}

/** A new client on the restarted server, synced: what a device that comes back would see. */
async function freshSyncedClient(server: BundleProcess, docId: string, token: string): Promise<ProtocolClient> {
  const client = await connectProtocolClient(syncUrl(server.url, docId, token));
  await client.synced;
  return client;
}

for (const backend of processBackends) {
  test.describe(`relay durability across SIGKILL on ${backend.name}`, () => {
    // Each test starts the server twice; PGlite start-up is slow on a busy 2-core machine.
    test.describe.configure({ timeout: 180_000 });

    let storage: ProcessStorage | undefined;
    const servers: BundleProcess[] = [];
    const clients: ProtocolClient[] = [];

    test.beforeEach(async () => {
      test.skip(backend.skipReason !== undefined, backend.skipReason);
      storage = await backend.setup();
    });
    test.afterEach(async () => {
      for (const client of clients.splice(0)) await client.close();
      for (const server of servers.splice(0)) await server.kill();
      await storage?.cleanup();
      storage = undefined;
    });

    test('SYNC-ACK-1 / SYNC-ACK-4: an update acked just before SIGKILL is served after the restart', async () => {
      if (storage === undefined) throw new Error('no storage');
      const port = await findFreePort();
      const first = await startWithCampaign(storage, port);
      servers.push(first.server);

      const writer = await connectProtocolClient(syncUrl(first.server.url, first.docId, first.token));
      clients.push(writer);
      await writer.synced;
      const outcome = await writer.change((doc) => {
        doc.getText('notes').insert(0, 'The lich hides in the well.');
        doc.getMap('party').set('gold', 120);
      });
      // Killed in the same tick the ack arrived: nothing after the commit can help it survive.
      first.server.child.kill('SIGKILL');
      expect(outcome.status).toBe('acked');
      expect((await first.server.exited).signal).toBe('SIGKILL');
      expect(writer.errors).toEqual([]);

      const second = await startBundle(SERVER, { ...storage.env, PORT: String(port), AUTH_DEV_LOGIN: '1' });
      servers.push(second);
      // The same token: the signing key is kept under DATA_DIR and survives the crash too.
      const reader = await freshSyncedClient(second, first.docId, first.token);
      clients.push(reader);
      expect(reader.doc.getText('notes').toJSON()).toBe('The lich hides in the well.');
      expect(reader.doc.getMap('party').get('gold')).toBe(120);
      expect(reader.errors).toEqual([]);
    });

    test('SYNC-ACK-1 / SYNC-ACK-3: every update acked in a burst survives a SIGKILL in the middle of it', async () => {
      if (storage === undefined) throw new Error('no storage');
      const port = await findFreePort();
      const first = await startWithCampaign(storage, port);
      servers.push(first.server);

      const writer = await connectProtocolClient(syncUrl(first.server.url, first.docId, first.token));
      clients.push(writer);
      await writer.synced;
      let acks = 0;
      let killed: () => void = () => undefined;
      const killedMidBurst = new Promise<void>((resolve) => {
        killed = resolve;
      });
      const outcomes: Promise<ChangeOutcome>[] = [];
      for (let index = 0; index < BURST; index += 1) {
        const outcome = writer.change((doc) => {
          doc.getMap('burst').set(`entry-${String(index)}`, index);
        });
        outcomes.push(
          outcome.then((settled) => {
            if (settled.status === 'acked' && ++acks === KILL_AFTER_ACKS) {
              first.server.child.kill('SIGKILL');
              killed();
            }
            return settled;
          }),
        );
      }
      await killedMidBurst;
      await first.server.exited;
      const settled = await Promise.all(outcomes);
      expect(writer.errors).toEqual([]);

      const acked = settled.flatMap((outcome, index) => (outcome.status === 'acked' ? [index] : []));
      expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
      // SYNC-ACK-3: answers come in order, so the acked ones are a prefix of the burst.
      expect(acked).toEqual(Array.from({ length: acked.length }, (_, index) => index));
      expect(settled.filter((outcome) => outcome.status === 'rejected')).toEqual([]);

      const second = await startBundle(SERVER, { ...storage.env, PORT: String(port), AUTH_DEV_LOGIN: '1' });
      servers.push(second);
      const reader = await freshSyncedClient(second, first.docId, first.token);
      clients.push(reader);
      const burst = reader.doc.getMap('burst');
      const missing = acked.filter((index) => burst.get(`entry-${String(index)}`) !== index);
      expect(missing).toEqual([]);
      // Whatever else survived is a real update of the burst, never garbage.
      for (const [key, value] of burst.entries()) expect(key).toBe(`entry-${String(value)}`);
    });

    test('SYNC-ACK-6 / SYNC-ACK-7: after the crash the writer re-sends what was not acked and nothing is lost or doubled', async () => {
      if (storage === undefined) throw new Error('no storage');
      const port = await findFreePort();
      const first = await startWithCampaign(storage, port);
      servers.push(first.server);

      // The writer's doc outlives its sockets, as a device's IndexedDB copy would.
      const local = new Y.Doc();
      const writer = await connectProtocolClient(syncUrl(first.server.url, first.docId, first.token), local);
      clients.push(writer);
      await writer.synced;
      const outcomes = Array.from({ length: 40 }, (_, index) =>
        writer.change((doc) => {
          doc.getArray<string>('log').push([`line ${String(index)}`]);
        }),
      );
      const firstAnswer = await outcomes[0];
      first.server.child.kill('SIGKILL');
      expect(firstAnswer?.status).toBe('acked');
      await first.server.exited;
      await Promise.all(outcomes);

      const second = await startBundle(SERVER, { ...storage.env, PORT: String(port), AUTH_DEV_LOGIN: '1' });
      servers.push(second);
      // Reconnecting with the same doc: the reply to the relay's sync step 1 (an update-with-ref)
      // carries everything the relay lacks, whatever the crash kept.
      const again = await connectProtocolClient(syncUrl(second.url, first.docId, first.token), local);
      clients.push(again);
      await again.synced;
      const confirm = await again.change((doc) => {
        doc.getArray<string>('log').push(['after the restart']);
      });
      expect(confirm.status).toBe('acked');
      // SYNC-ACK-3: the reply to the relay's step 1 went out before it, so it is answered too.
      expect(again.unanswered()).toBe(0);

      const reader = await freshSyncedClient(second, first.docId, first.token);
      clients.push(reader);
      const expected = [...Array.from({ length: 40 }, (_, index) => `line ${String(index)}`), 'after the restart'];
      expect(reader.doc.getArray<string>('log').toArray()).toEqual(expected);
      expect(again.errors).toEqual([]);
    });
  });
}
