import { createPostgresDatabase, runMigrations } from '@rpg-bot/db';
import type { Database } from '@rpg-bot/db';
import { createTestPgliteDatabase, createTestPostgresDatabase, testDatabaseUrl } from '@rpg-bot/db/testing';
import type { TestPostgresDatabase } from '@rpg-bot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runUpdateLogConformance } from './conformance';
import { createWriter, textOf } from './conformance/fixtures';
import { rejectionCode } from './conformance/helpers';
import { syncMigrations } from './migrations';
import { PostgresUpdateLog } from './postgres-update-log';
import { FAILING_AUTHOR_ID, failSyncWritesWhere } from './testing-write-failures';

const adminUrl = testDatabaseUrl() ?? '';
if (adminUrl === '') {
  console.warn('Skipping the PostgreSQL update log tests: TEST_DATABASE_URL (a superuser URL to a throwaway server) is not set.');
}

async function migrated(db: Database): Promise<Database> {
  await runMigrations(db, syncMigrations);
  return db;
}

/** Migrated, and refusing rows of FAILING_AUTHOR_ID (the suite's atomicity case). */
async function withFailingAuthor(db: Database): Promise<Database> {
  await migrated(db);
  await failSyncWritesWhere(db, 'fail_conformance_author', `NEW.author_id = '${FAILING_AUTHOR_ID}'`);
  return db;
}

const conformanceOptions = { failingAuthorId: FAILING_AUTHOR_ID };

/**
 * Two logs on one database stand in for two relay processes: each caches the head it last wrote
 * (the one-statement append path), so each sees the other's appends and compactions only through
 * a head that moved under it.
 */
function staleHeadTests(open: () => Promise<{ db: Database; cleanup: () => Promise<void> }>): void {
  let opened: { db: Database; cleanup: () => Promise<void> } | undefined;
  beforeAll(async () => {
    opened = await open();
    await migrated(opened.db);
  });
  afterAll(async () => {
    await opened?.cleanup();
  });
  const logs = (): readonly [PostgresUpdateLog, PostgresUpdateLog] => {
    if (opened === undefined) throw new Error('setup failed');
    return [new PostgresUpdateLog(opened.db), new PostgresUpdateLog(opened.db)];
  };
  const at = (authorId: string) => ({ authorId, at: new Date() });

  it('an append after the other process appended gets the next seq and stores both (SYNC-ACK-2)', async () => {
    const [a, b] = logs();
    const alice = createWriter(701);
    const bob = createWriter(702);
    expect(await a.append('d1', alice.type('a1 '), at('alice'))).toEqual({ seq: 1, duplicate: false });
    expect(await b.append('d1', bob.type('b1 '), at('bob'))).toEqual({ seq: 2, duplicate: false });
    // A's head still says 1: its one-statement write must not apply; it re-reads and stores at 3.
    expect(await a.append('d1', alice.type('a2 '), at('alice'))).toEqual({ seq: 3, duplicate: false });
    expect(await b.append('d1', bob.type('b2 '), at('bob'))).toEqual({ seq: 4, duplicate: false });
    const entries = await a.readSince('d1', 0);
    expect(entries.map((entry) => entry.seq)).toEqual([1, 2, 3, 4]);
    expect(textOf(entries.map((entry) => entry.update))).toBe(textOf([...alice.updates, ...bob.updates]));
  });

  it('recognises a re-sent update the other process stored, and stores nothing for it (SYNC-ACK-7)', async () => {
    const [a, b] = logs();
    const alice = createWriter(711);
    const first = alice.type('one ');
    expect(await a.append('d2', first, at('alice'))).toEqual({ seq: 1, duplicate: false });
    const second = alice.type('two ');
    // The re-send goes to B (a reconnect to the other relay), then to A, whose head is behind.
    expect(await b.append('d2', second, at('alice'))).toEqual({ seq: 2, duplicate: false });
    expect(await a.append('d2', second, at('alice'))).toEqual({ seq: 2, duplicate: true });
    expect(await a.append('d2', first, at('alice'))).toMatchObject({ duplicate: true });
    expect((await b.readSince('d2', 0)).map((entry) => entry.seq)).toEqual([1, 2]);
  });

  it('after the other process compacted, the size limit counts what is stored now, not the old head', async () => {
    const [a, b] = logs();
    const alice = createWriter(721);
    for (let round = 0; round < 60; round += 1) await a.append('d3', alice.type('x'), at('alice'));
    const before = await a.size('d3');
    expect((await b.compact('d3', { keepHistory: false })).compacted).toBe(true);
    const after = await a.size('d3');
    // Compaction rewrote the stored bytes (snapshot plus a base checkpoint); A's head still has the old count.
    expect(after.storedBytes).not.toBe(before.storedBytes);
    const next = alice.type('fits');
    const limit = after.storedBytes + next.byteLength;
    expect(await rejectionCode(a.append('d3', next, { ...at('alice'), maxStoredBytes: limit - 1 }))).toBe('doc_too_large');
    expect(await a.append('d3', next, { ...at('alice'), maxStoredBytes: limit })).toEqual({ seq: 61, duplicate: false });
    expect((await b.size('d3')).storedBytes).toBe(limit);
  });

  it('keeps a bounded number of heads and still appends correctly to docs it forgot', async () => {
    if (opened === undefined) throw new Error('setup failed');
    const log = new PostgresUpdateLog(opened.db, { maxCachedHeads: 2 });
    const writers = [createWriter(731), createWriter(732), createWriter(733)];
    for (let round = 1; round <= 3; round += 1) {
      for (const [index, writer] of writers.entries()) {
        expect(await log.append(`d4-${String(index)}`, writer.type(`${String(round)} `), at('w'))).toEqual({ seq: round, duplicate: false });
        expect(log.cachedHeads).toBeLessThanOrEqual(2);
      }
    }
    expect(log.cachedHeads).toBe(2);
  });

  it('caches no head with maxCachedHeads 0 and still appends, and refuses a bound that is not a count', async () => {
    if (opened === undefined) throw new Error('setup failed');
    const { db } = opened;
    const log = new PostgresUpdateLog(db, { maxCachedHeads: 0 });
    const writer = createWriter(741);
    expect(await log.append('d5', writer.type('a '), at('w'))).toEqual({ seq: 1, duplicate: false });
    expect(await log.append('d5', writer.type('b '), at('w'))).toEqual({ seq: 2, duplicate: false });
    expect(log.cachedHeads).toBe(0);
    expect(() => new PostgresUpdateLog(db, { maxCachedHeads: -1 })).toThrow(RangeError);
    expect(() => new PostgresUpdateLog(db, { maxCachedHeads: 1.5 })).toThrow(RangeError);
  });
}

describe('two logs on one PGlite database', () => {
  staleHeadTests(async () => {
    const test = await createTestPgliteDatabase();
    return { db: test.db, cleanup: () => test.cleanup() };
  });
});

runUpdateLogConformance(
  'PGlite',
  async () => {
    const test = await createTestPgliteDatabase();
    return { log: new PostgresUpdateLog(await withFailingAuthor(test.db)), cleanup: () => test.cleanup() };
  },
  conformanceOptions,
);

describe.skipIf(adminUrl === '')('PostgreSQL', () => {
  runUpdateLogConformance(
    'PostgreSQL',
    async () => {
      const test = await createTestPostgresDatabase(adminUrl);
      return { log: new PostgresUpdateLog(await withFailingAuthor(test.db)), cleanup: () => test.cleanup() };
    },
    conformanceOptions,
  );

  describe('two logs on one PostgreSQL database', () => {
    staleHeadTests(async () => {
      const test = await createTestPostgresDatabase(adminUrl);
      return { db: test.db, cleanup: () => test.cleanup() };
    });
  });

  describe('two processes appending to one doc', () => {
    let test: TestPostgresDatabase | undefined;
    let otherDb: Database | undefined;

    beforeAll(async () => {
      test = await createTestPostgresDatabase(adminUrl);
      await migrated(test.db);
      // A second pool on the same database stands in for a second relay process.
      otherDb = await createPostgresDatabase({ url: test.url, poolSize: 5 });
    });
    afterAll(async () => {
      await otherDb?.close();
      await test?.cleanup();
    });

    it('never collides or reorders seqs across pools (SYNC-ACK-2)', async () => {
      if (test === undefined || otherDb === undefined) throw new Error('setup failed');
      const logs = [new PostgresUpdateLog(test.db), new PostgresUpdateLog(otherDb)] as const;
      const writers = Array.from({ length: 30 }, (_, index) => createWriter(500 + index));
      const results = await Promise.all(
        writers.map((writer, index) =>
          logs[index % 2 === 0 ? 0 : 1].append('shared', writer.type(`${String(index)} `), { authorId: 'u', at: new Date() }),
        ),
      );
      expect(results.map((result) => result.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, index) => index + 1));
      const entries = await logs[1].readSince('shared', 0);
      expect(entries.map((entry) => entry.seq)).toEqual(Array.from({ length: 30 }, (_, index) => index + 1));
      expect(textOf(entries.map((entry) => entry.update))).toBe(textOf(writers.flatMap((writer) => writer.updates)));
    });
  });
});
