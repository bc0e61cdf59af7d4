/**
 * Micro-benchmark of the append path (run on demand, never in `npm test`):
 *
 *   npx vitest bench --run relay/src/sync/postgres-update-log.bench.ts
 *
 * One single-update batch per iteration, on PGlite, and on PostgreSQL too when TEST_DATABASE_URL
 * points at a throwaway server. "locked" is the general path (BEGIN, SELECT … FOR UPDATE, write,
 * COMMIT, summary decoded from the row) forced by caching no heads; "one statement" is the default
 * path against the head this process last committed. Results go to docs/benchmarks.md.
 */
import { runMigrations } from '@rpg-bot/db';
import type { Database } from '@rpg-bot/db';
import { createTestPgliteDatabase, createTestPostgresDatabase, testDatabaseUrl } from '@rpg-bot/db/testing';
import { afterAll, bench, describe } from 'vitest';
import { createWriter } from './conformance/fixtures';
import { syncMigrations } from './migrations';
import { PostgresUpdateLog } from './postgres-update-log';

const adminUrl = testDatabaseUrl() ?? '';
const backends: { name: string; open: () => Promise<{ db: Database; cleanup: () => Promise<void> }> }[] = [
  { name: 'PGlite', open: () => createTestPgliteDatabase() },
];
if (adminUrl !== '') backends.push({ name: 'PostgreSQL', open: () => createTestPostgresDatabase(adminUrl) });
else console.warn('PostgreSQL skipped: TEST_DATABASE_URL is not set.');

for (const backend of backends) {
  const opened = await backend.open();
  await runMigrations(opened.db, syncMigrations);
  let docs = 0;

  /** Appends one fresh one-letter edit per call to its own doc. */
  const appender = (maxCachedHeads: number) => {
    const log = new PostgresUpdateLog(opened.db, { maxCachedHeads });
    docs += 1;
    const docId = `bench-${String(docs)}`;
    const writer = createWriter(docs);
    return async () => {
      await log.appendBatch(docId, [{ update: writer.type('x'), meta: { authorId: 'bench', at: new Date() } }]);
    };
  };

  describe(`append one update, ${backend.name}`, () => {
    afterAll(() => opened.cleanup());
    bench('locked (no cached head)', appender(0), { time: 3000, warmupTime: 500 });
    bench('one statement (cached head)', appender(1024), { time: 3000, warmupTime: 500 });
  });
}
