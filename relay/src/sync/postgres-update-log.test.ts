import { createPostgresDatabase, runMigrations } from '@rpg-bot/db';
import type { Database } from '@rpg-bot/db';
import { createTestPgliteDatabase, createTestPostgresDatabase } from '@rpg-bot/db/testing';
import type { TestPostgresDatabase } from '@rpg-bot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runUpdateLogConformance } from './conformance';
import { createWriter, textOf } from './conformance/fixtures';
import { syncMigrations } from './migrations';
import { PostgresUpdateLog } from './postgres-update-log';
import { FAILING_AUTHOR_ID, failSyncWritesWhere } from './testing-write-failures';

const adminUrl = process.env.TEST_DATABASE_URL ?? '';
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
