// Fan-out catch-up (SYNC-FANOUT-*): announcements that never arrived, arrive out of order, or
// point at entries compacted meanwhile; and a LISTEN connection killed on a real PostgreSQL server.
import { runMigrations } from '@rpg-bot/db';
import type { Database } from '@rpg-bot/db';
import { createPostgresDatabase } from '@rpg-bot/db';
import { createTestPgliteDatabase, createTestPostgresDatabase, testDatabaseUrl } from '@rpg-bot/db/testing';
import type { TestDatabase, TestPostgresDatabase } from '@rpg-bot/db/testing';
import { createLogger } from '@rpg-bot/observability';
import { decodeServerMessage, defaultLimits } from '@rpg-bot/sync-protocol';
import pg from 'pg';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createWriter } from './conformance/fixtures';
import { MergedStateCache } from './merged-state-cache';
import { syncMigrations } from './migrations';
import { PostgresUpdateLog } from './postgres-update-log';
import { SyncFanout } from './sync-fanout';
import { createSyncMetrics } from './sync-metrics';
import { SyncRooms } from './sync-rooms';

const adminUrl = testDatabaseUrl() ?? '';
if (adminUrl === '') console.warn('[relay/sync fan-out recovery] TEST_DATABASE_URL is not set: the LISTEN reconnect test is skipped.');

const logger = createLogger({ level: 'silent' });
const meta = { authorId: 'alice', at: new Date() };
const eventually = (assertion: () => void) => vi.waitFor(assertion, { timeout: 10_000, interval: 10 });

/** One relay's sync parts on a database, with one socket on `docId` whose received updates build a Y.Doc. */
async function relayOn(db: Database, docId: string) {
  const registry = new Registry();
  const log = new PostgresUpdateLog(db);
  const cache = new MergedStateCache({ log, now: Date.now, idleTtlMs: 60_000 });
  const metrics = createSyncMetrics(registry, () => cache.loadedDocs());
  const rooms = new SyncRooms({ log, cache, metrics, now: Date.now, maxFrameBytes: 1 << 20 });
  const fanout = new SyncFanout({ db, log, cache, rooms, metrics, now: Date.now, logger });
  await fanout.start();
  const seen = new Y.Doc();
  let step1 = false;
  rooms.connect(
    {
      send: (frame) => {
        const decoded = decodeServerMessage(frame, defaultLimits);
        if (!decoded.ok) throw new Error(decoded.error.message);
        if (decoded.message.type === 'sync-step1') step1 = true;
        if (decoded.message.type === 'sync-update' || decoded.message.type === 'sync-step2') Y.applyUpdate(seen, decoded.message.update);
      },
      close: () => undefined,
    },
    { docId, userId: 'watcher', access: 'write', logger },
  );
  await eventually(() => {
    expect(step1).toBe(true);
  });
  const lagCount = async () => Number(/^relay_sync_fanout_lag_seconds_count (\d+)$/m.exec(await registry.metrics())?.[1] ?? 0);
  return { log, cache, fanout, rooms, text: () => seen.getText('t').toJSON(), lagCount };
}

describe('SYNC-FANOUT on PGlite (two relays in one process share the embedded database)', () => {
  let test: TestDatabase | undefined;
  beforeAll(async () => {
    test = await createTestPgliteDatabase();
    await runMigrations(test.db, syncMigrations);
  });
  afterAll(async () => {
    await test?.cleanup();
  });

  it('SYNC-FANOUT-1 / SYNC-FANOUT-2: delivers entries whose announcement never came, in a gap before one that did, and compacted ones by diff', async () => {
    if (test === undefined) throw new Error('no database');
    const other = await relayOn(test.db, 'doc');
    const log = new PostgresUpdateLog(test.db);
    const writer = createWriter(7);
    const announce = (seq: number) => test?.db.notify('relay_sync_committed', JSON.stringify({ docId: 'doc', seq }));

    const first = await log.append('doc', writer.type('a'), meta);
    await announce(first.seq);
    await eventually(() => {
      expect(other.text()).toBe('a');
    });
    // Seq 2's announcement is lost; seq 3's arrives: the relay reads from what it holds (1).
    await log.append('doc', writer.type('b'), meta);
    const third = await log.append('doc', writer.type('c'), meta);
    await announce(third.seq);
    await eventually(() => {
      expect(other.text()).toBe('abc');
    });
    expect(other.cache.heldSeq('doc')).toBe(3);
    // Announced twice (or this relay's own commit): nothing is read or delivered again.
    await announce(third.seq);
    await other.fanout.idle();
    expect(other.text()).toBe('abc');
    // Seqs 4 and 5 unannounced and compacted away before seq 6 is announced: caught up by a diff from storage.
    await log.append('doc', writer.type('d'), meta);
    await log.append('doc', writer.type('e'), meta);
    await log.compact('doc', { keepHistory: true });
    const sixth = await log.append('doc', writer.type('f'), meta);
    await announce(sixth.seq);
    await eventually(() => {
      expect(other.text()).toBe('abcdef');
    });
    expect(await other.lagCount()).toBeGreaterThanOrEqual(3);
    await other.fanout.stop();
  });

  it('SYNC-FANOUT-1: a payload carries only the doc id and seq', async () => {
    if (test === undefined) throw new Error('no database');
    const payloads: string[] = [];
    const unlisten = await test.db.listen('relay_sync_committed', (payload) => payloads.push(payload));
    const relay = await relayOn(test.db, 'payload-doc');
    relay.fanout.published('payload-doc', 42);
    await eventually(() => {
      expect(payloads).toEqual(['{"docId":"payload-doc","seq":42}']);
    });
    await unlisten();
    await relay.fanout.stop();
  });
});

async function terminateListener(admin: string, database: string): Promise<number> {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    const result = await client.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'LISTEN%'`,
      [database],
    );
    return result.rowCount ?? 0;
  } finally {
    await client.end();
  }
}

describe.skipIf(adminUrl === '')('SYNC-FANOUT-2 on PostgreSQL: a relay whose LISTEN connection was killed', () => {
  let test: TestPostgresDatabase | undefined;
  let relayDb: Database | undefined;
  beforeAll(async () => {
    test = await createTestPostgresDatabase(adminUrl);
    await runMigrations(test.db, syncMigrations);
    relayDb = await createPostgresDatabase({ url: test.url, listenRetry: { minDelayMs: 20, maxDelayMs: 200 } });
  });
  afterAll(async () => {
    await relayDb?.close();
    await test?.cleanup();
  });

  it('reconnects, hears announcements again, and recovers the update whose announcement it missed', async () => {
    if (test === undefined || relayDb === undefined) throw new Error('no database');
    const relay = await relayOn(relayDb, 'doc');
    const writerDb = test.db;
    const log = new PostgresUpdateLog(writerDb);
    const writer = createWriter(9);
    const announce = (seq: number) => writerDb.notify('relay_sync_committed', JSON.stringify({ docId: 'doc', seq }));

    await announce((await log.append('doc', writer.type('1'), meta)).seq);
    await eventually(() => {
      expect(relay.text()).toBe('1');
    });
    // Committed while nobody heard: its NOTIFY is lost (here: never sent), then the connection dies.
    await log.append('doc', writer.type('2'), meta);
    expect(await terminateListener(adminUrl, test.name)).toBe(1);
    await eventually(() => {
      expect(relay.text()).toBe('12');
    });
    await relayDb.ping();
    await announce((await log.append('doc', writer.type('3'), meta)).seq);
    await eventually(() => {
      expect(relay.text()).toBe('123');
    });
    await relay.fanout.stop();
  });
});
