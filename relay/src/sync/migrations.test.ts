import { runMigrations } from '@rpg-bot/db';
import { createTestPgliteDatabase, createTestPostgresDatabase, testDatabaseUrl } from '@rpg-bot/db/testing';
import type { TestDatabase } from '@rpg-bot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWriter } from './conformance/fixtures';
import { syncMigrations } from './migrations';
import { PostgresUpdateLog } from './postgres-update-log';

const adminUrl = testDatabaseUrl() ?? '';
if (adminUrl === '') console.warn('[relay/sync migrations] TEST_DATABASE_URL is not set: the PostgreSQL run is skipped.');

describe.each([
  { name: 'PGlite', skip: false, open: () => createTestPgliteDatabase() },
  { name: 'PostgreSQL', skip: adminUrl === '', open: () => createTestPostgresDatabase(adminUrl) },
])('sync migrations upgrade a database made by earlier code on $name', ({ skip, open }) => {
  let test: TestDatabase | undefined;
  beforeAll(async () => {
    if (skip) return;
    test = await open();
  });
  afterAll(async () => {
    await test?.cleanup();
  });

  it.skipIf(skip)('0007 recounts a doc’s size without its history checkpoints (ADR 0017)', async () => {
    if (test === undefined) throw new Error('no database');
    const { db } = test;
    const upgrade = syncMigrations.find((migration) => migration.id === '0007_doc_size_without_history');
    expect(upgrade).toBeDefined();
    await runMigrations(db, syncMigrations.filter((migration) => migration !== upgrade));
    const log = new PostgresUpdateLog(db);
    const writer = createWriter(7);
    for (const text of ['The ', 'crypt ', 'opens.']) await log.append('doc', writer.type(text), { authorId: 'gm', at: new Date(0) });
    await log.compact('doc', { keepHistory: true });
    await log.append('doc', writer.type(' Run!'), { authorId: 'gm', at: new Date(0) });
    const bytes = async (sql: string) => Number((await db.query<{ n: string }>(sql, ['doc'])).rows[0]?.n ?? 0);
    const documentBytes =
      (await bytes('SELECT coalesce(sum(octet_length(state)), 0)::text AS n FROM sync_snapshots WHERE doc_id = $1')) +
      (await bytes('SELECT coalesce(sum(octet_length(update)), 0)::text AS n FROM sync_updates WHERE doc_id = $1'));
    const historyBytes = await bytes('SELECT coalesce(sum(octet_length(data)), 0)::text AS n FROM sync_checkpoints WHERE doc_id = $1');
    expect(historyBytes).toBeGreaterThan(0);
    // As earlier code counted it: the document and its history.
    await db.query('UPDATE sync_docs SET stored_bytes = $2 WHERE doc_id = $1', ['doc', documentBytes + historyBytes]);
    await runMigrations(db, syncMigrations);
    expect(await bytes('SELECT stored_bytes::text AS n FROM sync_docs WHERE doc_id = $1')).toBe(documentBytes);
    expect((await new PostgresUpdateLog(db).size('doc')).storedBytes).toBe(documentBytes);
  });
});
