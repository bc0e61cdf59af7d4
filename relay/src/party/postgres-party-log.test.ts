import { randomUUID } from 'node:crypto';
import { createPostgresDatabase, runMigrations } from '@rpg-bot/db';
import type { Database } from '@rpg-bot/db';
import { createTestPgliteDatabase, createTestPostgresDatabase, testDatabaseUrl } from '@rpg-bot/db/testing';
import type { TestPostgresDatabase } from '@rpg-bot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conformanceRetention, runPartyLogConformance } from './conformance';
import { partyMigrations } from './migrations';
import { PostgresPartyLog } from './postgres-party-log';

const adminUrl = testDatabaseUrl() ?? '';
if (adminUrl === '') {
  console.warn('Skipping the PostgreSQL party log tests: TEST_DATABASE_URL (a superuser URL to a throwaway server) is not set.');
}

async function migrated(db: Database): Promise<Database> {
  await runMigrations(db, partyMigrations);
  return db;
}

const options = { retention: conformanceRetention, pruneBatch: 1 };

runPartyLogConformance('PGlite', async () => {
  const test = await createTestPgliteDatabase();
  return { log: new PostgresPartyLog(await migrated(test.db), options), cleanup: () => test.cleanup() };
});

describe.skipIf(adminUrl === '')('PostgreSQL', () => {
  runPartyLogConformance('PostgreSQL', async () => {
    const test = await createTestPostgresDatabase(adminUrl);
    return { log: new PostgresPartyLog(await migrated(test.db), options), cleanup: () => test.cleanup() };
  });

  describe('two processes appending to one campaign', () => {
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

    it('never collides, skips or reorders seqs across pools, and dedups across them', async () => {
      if (test === undefined || otherDb === undefined) throw new Error('setup failed');
      const big = { retention: { maxEvents: 1000, maxAgeMs: 60_000 } };
      const logs = [new PostgresPartyLog(test.db, big), new PostgresPartyLog(otherDb, big)] as const;
      const campaign = randomUUID();
      const at = new Date();
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, index) => {
          const eventId = `e${String(index % 20)}`; // ids 0..9 are sent twice, once through each pool
          return logs[(index + Math.floor(index / 20)) % 2 === 0 ? 0 : 1].append(campaign, [
            { eventId, actorId: 'u', type: 't', envelope: { id: eventId }, createdAt: at },
          ]);
        }),
      );
      const fresh = results.filter((result) => !result.duplicate).flatMap((result) => result.events.map((e) => e.seq));
      expect(fresh.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
      const page = await logs[1].readSince(campaign, 0, 100);
      expect(page.events.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
      expect(page.headSeq).toBe(20);
    });
  });
});
