// The relay's migrations moved next to their features and went from ids that sorted by a naming
// trick (`relay.sync.0001_…`, `relay.v0003_…`) to plain numbers (ADR 0019). A database made by the
// code before that change must upgrade without running anything twice and without losing a row.
import { checkMigrations, pendingMigrations, runMigrations } from '@rpg-bot/db';
import type { Migration } from '@rpg-bot/db';
import { createTestPgliteDatabase, createTestPostgresDatabase, testDatabaseUrl } from '@rpg-bot/db/testing';
import type { TestDatabase } from '@rpg-bot/db/testing';
import { createReadinessCheck } from '@rpg-bot/runtime';
import { createLogger } from '@rpg-bot/observability';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relayMigrations } from './migrations';
import { createWriter } from './sync/conformance/fixtures';
import { PostgresUpdateLog } from './sync/postgres-update-log';

/** What releases up to 2026-12-07 recorded in schema_migrations, in the order they applied it. */
const RECORDED_BEFORE = [
  'relay.0001_client_error_reports',
  'relay.0002_users_campaigns_invites',
  'relay.sync.0001_update_log',
  'relay.v0003_party_events',
  'relay.v0004_revoked_sessions',
  'relay.v0005_revoked_session_ids',
  'relay.v0006_doc_size_without_history',
];

/** The list as the earlier code ran it: the same SQL under the ids it recorded, without a scope. */
const before: Migration[] = relayMigrations.map((migration) => ({ id: migration.formerly?.[0] ?? `relay.${migration.id}`, sql: migration.sql }));

const adminUrl = testDatabaseUrl() ?? '';
if (adminUrl === '') console.warn('[relay migrations] TEST_DATABASE_URL is not set: the PostgreSQL run is skipped.');

describe('the relay’s migration list', () => {
  it('is numbered 1…n without gaps, one feature list merged, valid under the relay scope', () => {
    expect(relayMigrations.map((migration) => Number(/^\d+/.exec(migration.id)?.[0]))).toEqual(relayMigrations.map((_, index) => index + 1));
    expect(checkMigrations(relayMigrations, 'relay').map((migration) => migration.id)).toEqual(relayMigrations.map((m) => `relay.${m.id}`));
  });

  it('keeps every id earlier releases recorded, in their order, as a current or former id', () => {
    expect(before.map((migration) => migration.id)).toEqual(RECORDED_BEFORE);
  });
});

describe.each([
  { name: 'PGlite', skip: false, open: () => createTestPgliteDatabase() },
  { name: 'PostgreSQL', skip: adminUrl === '', open: () => createTestPostgresDatabase(adminUrl) },
])('a database made by the code before the renumbering upgrades on $name', ({ skip, open }) => {
  let test: TestDatabase | undefined;
  beforeAll(async () => {
    if (skip) return;
    test = await open();
  });
  afterAll(async () => {
    await test?.cleanup();
  });

  it.skipIf(skip)('renames the recorded ids, applies nothing twice, keeps every row, and is ready', async () => {
    if (test === undefined) throw new Error('no database');
    const { db } = test;
    // Yesterday's start-up: no scope, the old ids.
    expect((await runMigrations(db, before)).applied).toEqual(RECORDED_BEFORE);
    await db.query(`INSERT INTO users (id, name, created_at) VALUES ('u1', 'Ada', now())`);
    await db.query(`INSERT INTO campaigns (id, title, created_by, created_at) VALUES ('c1', 'Crypt', 'u1', now())`);
    const log = new PostgresUpdateLog(db);
    const writer = createWriter(3);
    const acked = await log.append('doc-1', writer.type('The crypt opens.'), { authorId: 'u1', at: new Date(0) });

    // Today's start-up, as the runtime boots the relay module.
    const readiness = createReadinessCheck(db, [{ scope: 'relay', migrations: relayMigrations }], Date.now, createLogger({ level: 'silent' }));
    expect(await pendingMigrations(db, relayMigrations, { scope: 'relay' })).toEqual([]);
    expect((await runMigrations(db, relayMigrations, { scope: 'relay' })).applied).toEqual([]);
    const { rows } = await db.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id');
    expect(rows.map((row) => row.id)).toEqual(relayMigrations.map((migration) => `relay.${migration.id}`).sort());
    expect((await readiness()).status).toBe('ready');

    expect((await db.query<{ title: string }>(`SELECT title FROM campaigns WHERE id = 'c1'`)).rows).toEqual([{ title: 'Crypt' }]);
    const loaded = await new PostgresUpdateLog(db).loadState('doc-1');
    expect(loaded.tail.map((entry) => entry.seq)).toEqual([acked.seq]);
    // A rerun is a no-op, and so is a second relay process starting at the same time.
    const twice = await Promise.all([runMigrations(db, relayMigrations, { scope: 'relay' }), runMigrations(db, relayMigrations, { scope: 'relay' })]);
    expect(twice.map((run) => run.applied)).toEqual([[], []]);
  });

  it.skipIf(skip)('upgrades a database that stopped one release earlier: renames what it has, applies the rest', async () => {
    if (test === undefined) throw new Error('no database');
    const fresh = await open();
    try {
      const { db } = fresh;
      await runMigrations(db, before.slice(0, 5));
      const upgraded = await runMigrations(db, relayMigrations, { scope: 'relay' });
      expect(upgraded.applied).toEqual(relayMigrations.slice(5).map((migration) => `relay.${migration.id}`));
      expect(await pendingMigrations(db, relayMigrations, { scope: 'relay' })).toEqual([]);
    } finally {
      await fresh.cleanup();
    }
  });
});
