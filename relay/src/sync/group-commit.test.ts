// The per-doc group commit seen from the sockets: a burst of updates on one socket is committed
// in few transactions, and every answer still comes after its commit, once, in receive order.
import { runMigrations } from '@rpg-bot/db';
import { createTestPgliteDatabase, createTestPostgresDatabase, testDatabaseUrl } from '@rpg-bot/db/testing';
import type { TestDatabase } from '@rpg-bot/db/testing';
import { createLogger } from '@rpg-bot/observability';
import {
  capabilities,
  decodeServerMessage,
  defaultLimits,
  encodeHello,
  encodeUpdateWithRef,
  PROTOCOL_VERSION,
} from '@rpg-bot/sync-protocol';
import type { ServerMessage } from '@rpg-bot/sync-protocol';
import { Histogram, Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { MergedStateCache } from './merged-state-cache';
import { syncMigrations } from './migrations';
import { PostgresUpdateLog } from './postgres-update-log';
import { createSyncMetrics } from './sync-metrics';
import { SyncRooms } from './sync-rooms';
import { failSyncWritesWhere } from './testing-write-failures';

const BURST = 200;
const logger = createLogger({ level: 'silent' });
const eventually = (assertion: () => void | Promise<void>) => vi.waitFor(assertion, { timeout: 15_000, interval: 5 });

/** An in-process socket that keeps every decoded frame and how the relay closed it. */
interface TestSocket {
  readonly received: ServerMessage[];
  readonly closes: number[];
  receive(frame: Uint8Array): void;
}

/** A writer producing one small update per character, as a typing client would. */
function typedUpdates(clientId: number, count: number): Uint8Array[] {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let index = 0; index < count; index += 1) doc.getText('t').insert(index, String(index % 10));
  return updates;
}

/** A doc holding `chars` characters (one big update). */
function bigDoc(chars: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = 99;
  doc.getText('t').insert(0, 'x'.repeat(chars));
  return doc;
}

function setup(database: TestDatabase, options: { maxDocBytes?: number } = {}) {
  const registry = new Registry();
  const log = new PostgresUpdateLog(database.db);
  const now = () => Date.now();
  const cache = new MergedStateCache({ log, now, idleTtlMs: 60_000 });
  const commits: { docId: string; seq: number; bytes: number }[] = [];
  const rooms = new SyncRooms({
    log,
    cache,
    now,
    metrics: createSyncMetrics(registry, () => cache.loadedDocs()),
    maxFrameBytes: 1 << 20,
    ...options,
  });
  rooms.onCommitted((update) => commits.push(update));
  const connect = (docId: string, userId: string): TestSocket => {
    const received: ServerMessage[] = [];
    const closes: number[] = [];
    const handle = rooms.connect(
      {
        send: (frame) => {
          const decoded = decodeServerMessage(frame, defaultLimits);
          if (!decoded.ok) throw new Error(`relay sent an undecodable frame: ${decoded.error.code}`);
          received.push(decoded.message);
        },
        close: (code) => {
          closes.push(code);
          handle.closed();
        },
      },
      { docId, userId, access: 'write', logger },
    );
    return { received, closes, receive: (frame) => { handle.receive(frame); } };
  };
  /** Opts in and sends every update with refs 1…n in one go (one socket read, as a burst arrives). */
  const burst = (socket: TestSocket, updates: readonly Uint8Array[]) => {
    socket.receive(encodeHello({ version: PROTOCOL_VERSION, capabilities: [capabilities.ack] }));
    updates.forEach((update, index) => { socket.receive(encodeUpdateWithRef(index + 1, update)); });
  };
  const batchSizes = async () => {
    const histogram = registry.getSingleMetric('relay_sync_commit_batch_size');
    if (!(histogram instanceof Histogram)) throw new Error('relay_sync_commit_batch_size is not registered');
    const { values } = await histogram.get();
    const value = (suffix: string) => values.find((v) => v.metricName === `relay_sync_commit_batch_size_${suffix}`)?.value ?? 0;
    return { batches: value('count'), items: value('sum') };
  };
  const headSeq = async (docId: string) => (await log.size(docId)).headSeq;
  return { rooms, log, commits, connect, burst, batchSizes, headSeq };
}

/** The answers to refs, in the order they arrived: `ack:<seq>` or `rejected:<code>`. */
function answers(socket: TestSocket): { ref: number; answer: string }[] {
  return socket.received.flatMap((message) => {
    if (message.type === 'ack') return [{ ref: message.ref, answer: `ack:${String(message.seq)}` }];
    if (message.type === 'rejected') return [{ ref: message.ref ?? -1, answer: `rejected:${message.code}` }];
    return [];
  });
}

const adminUrl = testDatabaseUrl() ?? '';
if (adminUrl === '') {
  console.warn('[relay/sync group commit] TEST_DATABASE_URL is not set: the group commit tests run on PGlite only.');
}

const backends: { name: string; skip: boolean; open: () => Promise<TestDatabase> }[] = [
  { name: 'PGlite', skip: false, open: () => createTestPgliteDatabase() },
  { name: 'PostgreSQL', skip: adminUrl === '', open: () => createTestPostgresDatabase(adminUrl) },
];

for (const backend of backends) {
  describe.skipIf(backend.skip)(`group commit through SyncRooms on ${backend.name}`, () => {
    let database: TestDatabase | undefined;
    const db = (): TestDatabase => {
      if (database === undefined) throw new Error('no database');
      return database;
    };

    beforeAll(async () => {
      database = await backend.open();
      await runMigrations(database.db, syncMigrations);
      // Real transaction failures: any insert of seq 120 into the doc 'doomed' fails.
      await failSyncWritesWhere(database.db, 'fail_doomed_seq', `NEW.doc_id = 'doomed' AND NEW.seq = 120`);
    });
    afterAll(async () => {
      await database?.cleanup();
    });

    it(`SYNC-ACK-1 / SYNC-ACK-3 / SYNC-ACK-8: a burst of ${String(BURST)} updates on one socket is committed in batches, acked once each in order`, async () => {
      const { connect, burst, batchSizes, headSeq, log, commits } = setup(db());
      const observer = connect('burst', 'observer');
      const writer = connect('burst', 'writer');
      const updates = typedUpdates(1, BURST);
      burst(writer, updates);
      await eventually(() => { expect(answers(writer)).toHaveLength(BURST); });
      expect(answers(writer)).toEqual(updates.map((_, index) => ({ ref: index + 1, answer: `ack:${String(index + 1)}` })));
      expect(writer.closes).toEqual([]);
      expect(await headSeq('burst')).toBe(BURST);
      const { batches, items } = await batchSizes();
      expect(items).toBe(BURST);
      expect(batches).toBeLessThan(BURST);
      // Announced once per stored update, in seq order.
      expect(commits.map((commit) => commit.seq)).toEqual(updates.map((_, index) => index + 1));
      // The peer got every update, in commit (= seq) order, one merged frame per batch of the writer.
      const stored = (await log.readSince('burst', 0)).map((entry) => entry.update);
      expect(stored).toEqual(updates);
      const broadcast = () => observer.received.flatMap((m) => (m.type === 'sync-update' ? [m.update] : []));
      await eventually(() => { expect(Y.encodeStateVectorFromUpdate(Y.mergeUpdates(broadcast()))).toEqual(Y.encodeStateVectorFromUpdate(Y.mergeUpdates(stored))); });
      expect(broadcast().length).toBe(batches);
      expect(Y.mergeUpdates(broadcast())).toEqual(Y.mergeUpdates(stored));
    });

    it('SYNC-ACK-3 / SYNC-REJ-2: refusals in the middle of a burst are answered in their place', async () => {
      const { connect, burst, headSeq } = setup(db(), { maxDocBytes: 64 * 1024 });
      const writer = connect('refusals', 'writer');
      const updates = typedUpdates(2, BURST);
      const sent = [...updates];
      // Too big for the doc's limit: refused, the updates around it are stored.
      sent.splice(100, 0, Y.encodeStateAsUpdate(bigDoc(100_000)));
      // A re-sent update is a duplicate: acked with the head at its place.
      sent.splice(150, 0, updates[10] ?? new Uint8Array());
      burst(writer, sent);
      await eventually(() => { expect(answers(writer)).toHaveLength(sent.length); });
      let seq = 0;
      const expected = sent.map((_, index) => {
        const ref = index + 1;
        if (index === 100) return { ref, answer: 'rejected:doc_too_large' };
        if (index === 150) return { ref, answer: `ack:${String(seq)}` };
        seq += 1;
        return { ref, answer: `ack:${String(seq)}` };
      });
      expect(answers(writer)).toEqual(expected);
      expect(writer.closes).toEqual([]);
      expect(await headSeq('refusals')).toBe(BURST);
    });

    it('SYNC-ACK-3 / SYNC-ACK-8: an undecodable frame mid-burst closes the socket only after the answers before it', async () => {
      const { connect, burst, headSeq } = setup(db());
      const writer = connect('garbage', 'writer');
      const sent = typedUpdates(5, 60);
      sent.splice(40, 0, new Uint8Array([255, 255, 255, 255, 1]));
      burst(writer, sent);
      await eventually(() => { expect(writer.closes).toEqual([4400]); });
      expect(answers(writer)).toEqual(Array.from({ length: 40 }, (_, index) => ({ ref: index + 1, answer: `ack:${String(index + 1)}` })));
      expect(await headSeq('garbage')).toBe(40);
    });

    it('SYNC-ACK-5 / SYNC-ACK-8: a commit failure mid-burst closes with TryAgain and acks nothing after it', async () => {
      const { connect, burst, headSeq, log } = setup(db());
      const observer = connect('doomed', 'observer');
      const writer = connect('doomed', 'writer');
      burst(writer, typedUpdates(3, BURST));
      await eventually(() => { expect(writer.closes).toEqual([4503]); });
      const head = await headSeq('doomed');
      expect(head).toBeLessThan(120);
      // Exactly the committed prefix was acked, in order; nothing after the failure.
      expect(answers(writer)).toEqual(Array.from({ length: head }, (_, index) => ({ ref: index + 1, answer: `ack:${String(index + 1)}` })));
      expect((await log.readSince('doomed', 0)).map((entry) => entry.seq)).toEqual(Array.from({ length: head }, (_, index) => index + 1));
      // Peers saw only committed updates.
      expect(observer.received.filter((m) => m.type === 'sync-update')).toHaveLength(head);
      expect(observer.closes).toEqual([]);
    });

    it('SYNC-ACK-3 / SYNC-ACK-8: updates of several sockets share transactions, each socket acked in its own order', async () => {
      const { connect, burst, batchSizes, headSeq } = setup(db());
      const sockets = [connect('shared', 'a'), connect('shared', 'b'), connect('shared', 'c')];
      sockets.forEach((socket, index) => { burst(socket, typedUpdates(10 + index, 50)); });
      await eventually(() => { for (const socket of sockets) expect(answers(socket)).toHaveLength(50); });
      for (const socket of sockets) {
        const acked = answers(socket);
        expect(acked.map((a) => a.ref)).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));
        const seqs = acked.map((a) => Number(a.answer.replace('ack:', '')));
        expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
        expect(new Set(seqs).size).toBe(50);
      }
      expect(await headSeq('shared')).toBe(150);
      expect((await batchSizes()).batches).toBeLessThan(150);
    });
  });
}
