import { runMigrations } from '@rpg-bot/db';
import { createTestPgliteDatabase, createTestPostgresDatabase, testDatabaseUrl } from '@rpg-bot/db/testing';
import type { TestDatabase } from '@rpg-bot/db/testing';
import { createLogger } from '@rpg-bot/observability';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompactionScheduler } from './compaction-scheduler';
import type { CompactionThresholds } from './compaction-scheduler';
import { createWriter, textOf } from './conformance/fixtures';
import { InMemoryUpdateLog } from './in-memory-update-log';
import { syncMigrations } from './migrations';
import { PostgresUpdateLog } from './postgres-update-log';
import { createSyncMetrics } from './sync-metrics';
import { ManualTimers } from '@rpg-bot/kit/testing';
import type { UpdateLog } from './types';

const adminUrl = testDatabaseUrl() ?? '';
if (adminUrl === '') console.warn('[relay/sync compaction] TEST_DATABASE_URL is not set: the PostgreSQL run of the race test is skipped.');

const logger = createLogger({ level: 'silent' });
const meta = { authorId: 'alice', at: new Date(0) };

function scheduler(log: Pick<UpdateLog, 'size' | 'compact'>, thresholds: CompactionThresholds, docs: () => string[] = () => []) {
  const timers = new ManualTimers();
  const registry = new Registry();
  const metrics = createSyncMetrics(registry, () => 0);
  const compaction = new CompactionScheduler({ log, logger, metrics, now: timers.clock, timers, thresholds, sweepEveryMs: 60_000, retryAfterMs: 30_000, sweepDocs: docs });
  const runs = async (outcome: string) => {
    const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === 'relay_sync_compactions_total');
    return metric?.values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
  };
  /** The value of one sample line of the Prometheus text, e.g. `relay_sync_compaction_seconds_count`. */
  const sample = async (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(await registry.metrics())?.[1]);
  return { timers, compaction, runs, sample };
}

/** Appends like the sync route does: commit, then tell the scheduler. */
async function append(log: UpdateLog, compaction: CompactionScheduler, docId: string, update: Uint8Array): Promise<void> {
  const { seq, duplicate } = await log.append(docId, update, meta);
  if (!duplicate) compaction.appended(docId, seq, update.byteLength);
}

describe('CompactionScheduler', () => {
  it('SYNC-COMPACT-1: compacts a doc once its tail reaches the update threshold, keeping history', async () => {
    const log = new InMemoryUpdateLog();
    const { compaction, runs, sample } = scheduler(log, { maxTailUpdates: 5, maxTailBytes: 1 << 20 });
    const writer = createWriter(1);
    for (const text of ['a', 'b', 'c', 'd']) await append(log, compaction, 'doc', writer.type(text));
    await compaction.idle();
    expect((await log.size('doc')).snapshotSeq).toBe(0);
    await append(log, compaction, 'doc', writer.type('e'));
    await compaction.idle();
    expect(await log.size('doc')).toMatchObject({ headSeq: 5, snapshotSeq: 5, tailBytes: 0 });
    expect(textOf([await log.stateAt('doc', 5)])).toBe('abcde');
    expect(await runs('compacted')).toBe(1);
    expect(await sample('relay_sync_compaction_seconds_count')).toBe(1);
    expect(await sample('relay_sync_log_tail_updates_sum')).toBe(5);
    // The next trigger counts from the new snapshot.
    for (const text of ['f', 'g', 'h', 'i']) await append(log, compaction, 'doc', writer.type(text));
    await compaction.idle();
    expect((await log.size('doc')).snapshotSeq).toBe(5);
  });

  it('SYNC-COMPACT-1: compacts by bytes too', async () => {
    const log = new InMemoryUpdateLog();
    const { compaction } = scheduler(log, { maxTailUpdates: 1_000, maxTailBytes: 200 });
    const writer = createWriter(2);
    await append(log, compaction, 'doc', writer.type('x'.repeat(250)));
    await compaction.idle();
    expect((await log.size('doc')).snapshotSeq).toBe(1);
  });

  it('SYNC-COMPACT-2: runs one compaction at a time per process, checking the real tail first', async () => {
    const inner = new InMemoryUpdateLog();
    let running = 0;
    let maxRunning = 0;
    const compacted: string[] = [];
    const log: Pick<UpdateLog, 'size' | 'compact'> = {
      size: (docId) => inner.size(docId),
      async compact(docId, options) {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((resolve) => setImmediate(resolve));
        compacted.push(docId);
        const result = await inner.compact(docId, options);
        running -= 1;
        return result;
      },
    };
    const { compaction } = scheduler(log, { maxTailUpdates: 2, maxTailBytes: 1 << 20 });
    const appends = ['p', 'q', 'r'].flatMap((docId, index) => {
      const writer = createWriter(10 + index);
      return [writer.type('1'), writer.type('2'), writer.type('3')].map((update) => ({ docId, update }));
    });
    await Promise.all(appends.map(({ docId, update }) => append(inner, compaction, docId, update)));
    await compaction.idle();
    expect(maxRunning).toBe(1);
    expect([...compacted].sort()).toEqual(['p', 'q', 'r']);
    for (const docId of ['p', 'q', 'r']) expect((await inner.size(docId)).headSeq - (await inner.size(docId)).snapshotSeq).toBeLessThan(2);
  });

  it('SYNC-COMPACT-3: the periodic sweep finds tails other processes grew; a failure is retried only later', async () => {
    const inner = new InMemoryUpdateLog();
    let failNext = true;
    const log: Pick<UpdateLog, 'size' | 'compact'> = {
      size: (docId) => inner.size(docId),
      compact(docId, options) {
        if (failNext) {
          failNext = false;
          return Promise.reject(new Error('database down'));
        }
        return inner.compact(docId, options);
      },
    };
    const { timers, compaction, runs } = scheduler(log, { maxTailUpdates: 3, maxTailBytes: 1 << 20 }, () => ['elsewhere']);
    compaction.start();
    const writer = createWriter(20);
    // Another relay appended these: this process was never told.
    for (const text of ['a', 'b', 'c']) await inner.append('elsewhere', writer.type(text), meta);
    timers.advance(60_000);
    await compaction.idle();
    expect(await runs('failed')).toBe(1);
    expect((await inner.size('elsewhere')).snapshotSeq).toBe(0);
    timers.advance(10_000);
    compaction.sweep();
    await compaction.idle();
    expect(await runs('compacted')).toBe(0);
    timers.advance(50_000);
    await compaction.idle();
    expect(await runs('compacted')).toBe(1);
    expect((await inner.size('elsewhere')).snapshotSeq).toBe(3);
    await compaction.stop();
    expect(timers.pending()).toBe(0);
  });
});

describe('CompactionScheduler quiet period (SYNC-COMPACT-4)', () => {
  it('SYNC-COMPACT-4: a doc over a threshold waits until it has had no append for quietMs', async () => {
    const log = new InMemoryUpdateLog();
    const { timers, compaction } = scheduler(log, { maxTailUpdates: 5, maxTailBytes: 1 << 20, quietMs: 1_000, urgentFactor: 10 });
    const writer = createWriter(30);
    for (const text of ['a', 'b', 'c', 'd', 'e']) await append(log, compaction, 'doc', writer.type(text));
    await compaction.idle();
    expect((await log.size('doc')).snapshotSeq).toBe(0);
    // Still being typed into: the wait starts again from the last append.
    timers.advance(600);
    await append(log, compaction, 'doc', writer.type('f'));
    timers.advance(600);
    await compaction.idle();
    expect((await log.size('doc')).snapshotSeq).toBe(0);
    timers.advance(400);
    await compaction.idle();
    expect(await log.size('doc')).toMatchObject({ headSeq: 6, snapshotSeq: 6 });
    expect(textOf([await log.stateAt('doc', 6)])).toBe('abcdef');
    await compaction.stop();
    expect(timers.pending()).toBe(0);
  });

  it('SYNC-COMPACT-4: a doc that is never quiet is compacted once its tail is urgentFactor times over', async () => {
    const log = new InMemoryUpdateLog();
    const { timers, compaction } = scheduler(log, { maxTailUpdates: 5, maxTailBytes: 1 << 20, quietMs: 1_000, urgentFactor: 4 });
    const writer = createWriter(31);
    for (let i = 0; i < 19; i += 1) await append(log, compaction, 'doc', writer.type('x'));
    await compaction.idle();
    expect((await log.size('doc')).snapshotSeq).toBe(0);
    await append(log, compaction, 'doc', writer.type('y'));
    await compaction.idle();
    expect((await log.size('doc')).snapshotSeq).toBe(20);
    await compaction.stop();
    expect(timers.pending()).toBe(0);
  });

  it('SYNC-COMPACT-4: bytes alone never make it urgent — an upload of many times maxTailBytes in a few rows waits until it is quiet', async () => {
    const log = new InMemoryUpdateLog();
    const { timers, compaction } = scheduler(log, { maxTailUpdates: 500, maxTailBytes: 1_000, quietMs: 1_000, urgentFactor: 4, maxWaitMs: 30_000 });
    const writer = createWriter(32);
    for (let i = 0; i < 10; i += 1) {
      await append(log, compaction, 'upload', writer.type('x'.repeat(2_000)));
      timers.advance(100);
    }
    await compaction.idle();
    // 20 times maxTailBytes, still arriving: not compacted halfway through.
    expect((await log.size('upload')).snapshotSeq).toBe(0);
    timers.advance(1_000);
    await compaction.idle();
    expect((await log.size('upload')).snapshotSeq).toBe(10);
    await compaction.stop();
  });

  it('SYNC-COMPACT-4: a doc over a threshold that is never quiet is compacted after maxWaitMs', async () => {
    const log = new InMemoryUpdateLog();
    const { timers, compaction } = scheduler(log, { maxTailUpdates: 5, maxTailBytes: 1 << 20, quietMs: 1_000, urgentFactor: 100, maxWaitMs: 10_000 });
    const writer = createWriter(33);
    let compactedAt: number | undefined;
    for (let i = 0; i < 40 && compactedAt === undefined; i += 1) {
      await append(log, compaction, 'busy', writer.type('x'));
      await compaction.idle();
      if ((await log.size('busy')).snapshotSeq > 0) compactedAt = i;
      timers.advance(500);
    }
    // Over the threshold from the 5th append (i = 4, t = 2 s); urgent 10 s later (i = 24).
    expect(compactedAt).toBe(24);
    await compaction.stop();
    expect(timers.pending()).toBe(0);
  });
});

describe.each([
  { name: 'PGlite', skip: false, open: () => createTestPgliteDatabase() },
  { name: 'PostgreSQL', skip: adminUrl === '', open: () => createTestPostgresDatabase(adminUrl) },
])('SYNC-COMPACT-2: scheduled compaction racing appends on $name', ({ skip, open }) => {
  let test: TestDatabase | undefined;
  beforeAll(async () => {
    if (skip) return;
    test = await open();
    await runMigrations(test.db, syncMigrations);
  });
  afterAll(async () => {
    await test?.cleanup();
  });

  it.skipIf(skip)('loses no append that races background compactions of the same doc', async () => {
    if (test === undefined) throw new Error('no database');
    const log = new PostgresUpdateLog(test.db);
    const { compaction, runs } = scheduler(log, { maxTailUpdates: 10, maxTailBytes: 1 << 20 });
    const writers = [createWriter(31), createWriter(32), createWriter(33)];
    const expected = new Map<number, string>();
    // Three writers append concurrently; every 10th seq schedules a compaction that runs while appends continue.
    await Promise.all(
      writers.map(async (writer) => {
        for (let index = 0; index < 40; index += 1) {
          await append(log, compaction, 'raced', writer.type(String(index % 10)));
        }
        expected.set(writer.doc.clientID, writer.doc.getText('t').toJSON());
      }),
    );
    await compaction.idle();
    expect(await runs('compacted')).toBeGreaterThan(0);
    const size = await log.size('raced');
    expect(size.headSeq).toBe(120);
    const { snapshot, tail } = await log.loadState('raced');
    const merged = textOf([...(snapshot === null ? [] : [snapshot]), ...tail.map((entry) => entry.update)]);
    // Every writer's whole text survives (the three texts interleave in one Y.Text).
    for (const text of expected.values()) {
      let cursor = 0;
      for (const char of text) {
        cursor = merged.indexOf(char, cursor) + 1;
        expect(cursor).toBeGreaterThan(0);
      }
    }
    expect(merged.length).toBe(120);
  });
});
