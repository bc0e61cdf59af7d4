import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import type { Database } from '../database';
import type { DbLogger } from '../logger';
import { pendingMigrations, runMigrations } from '../migrations';
import type { Migration } from '../migrations';
import type { ConformanceContext } from './context';
import { expectDatabaseError } from './expect-error';

interface Scenario {
  /** The bookkeeping table of this test (tests share one database). */
  readonly table: string;
  /** Three migrations; the second uses dollar quoting; none may run twice (plain CREATE TABLE). */
  readonly migrations: Migration[];
  /** The tables the three migrations create. */
  readonly tables: readonly string[];
}

function scenario(ctx: ConformanceContext): Scenario {
  const prefix = ctx.unique('m');
  const tables = [`${prefix}_users`, `${prefix}_notes`, `${prefix}_tags`];
  const [users, notes, tags] = tables;
  return {
    table: `${prefix}_schema_migrations`,
    tables,
    migrations: [
      { id: '0001_create_users', sql: `CREATE TABLE ${users} (id int PRIMARY KEY, name text NOT NULL);` },
      {
        id: '0002_create_notes',
        sql: `CREATE TABLE ${notes} (id int PRIMARY KEY, body text);
              CREATE FUNCTION ${notes}_len(t text) RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN length(t); END; $$;
              INSERT INTO ${notes} VALUES (1, 'first note');`,
      },
      { id: '0003_create_tags', sql: `CREATE TABLE ${tags} (name text PRIMARY KEY);` },
    ],
  };
}

async function exists(db: Database, table: string): Promise<boolean> {
  const { rows } = await db.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [table]);
  return rows[0]?.present === true;
}

async function recorded(db: Database, table: string): Promise<{ id: string; checksum: string; applied_at: unknown }[]> {
  const { rows } = await db.query<{ id: string; checksum: string; applied_at: unknown }>(
    `SELECT id, checksum, applied_at FROM ${table} ORDER BY id`,
  );
  return rows;
}

function capturingLogger(): DbLogger & { messages: string[] } {
  const messages: string[] = [];
  const keep = (_obj: object, msg?: string): void => {
    messages.push(msg ?? '');
  };
  return { messages, debug: keep, info: keep, warn: keep, error: keep };
}

export function migrationTests(ctx: ConformanceContext): void {
  it('applies pending migrations in order, records them, and applies nothing on a rerun', async () => {
    const db = ctx.db();
    const s = scenario(ctx);
    const logger = capturingLogger();
    expect(await pendingMigrations(db, s.migrations, { table: s.table })).toEqual(s.migrations.map((m) => m.id));

    const first = await runMigrations(db, s.migrations, { table: s.table, logger });
    expect(first.applied).toEqual(['0001_create_users', '0002_create_notes', '0003_create_tags']);
    for (const table of s.tables) expect(await exists(db, table)).toBe(true);
    const rows = await recorded(db, s.table);
    expect(rows.map((row) => row.id)).toEqual(first.applied);
    for (const [index, row] of rows.entries()) {
      const sql = s.migrations[index]?.sql ?? '';
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.applied_at).toBeInstanceOf(Date);
    }
    expect(logger.messages.filter((message) => message === 'applied migration')).toHaveLength(3);

    expect(await runMigrations(db, s.migrations, { table: s.table })).toEqual({ applied: [] });
    expect(await pendingMigrations(db, s.migrations, { table: s.table })).toEqual([]);
  });

  it('applies only what is new when the list grows', async () => {
    const db = ctx.db();
    const s = scenario(ctx);
    expect((await runMigrations(db, s.migrations.slice(0, 2), { table: s.table })).applied).toHaveLength(2);
    expect(await pendingMigrations(db, s.migrations, { table: s.table })).toEqual(['0003_create_tags']);
    expect(await runMigrations(db, s.migrations, { table: s.table })).toEqual({ applied: ['0003_create_tags'] });
  });

  it('rolls a failing migration back completely, names it, and records nothing for it', async () => {
    const db = ctx.db();
    const s = scenario(ctx);
    const [first, second, third] = s.migrations;
    if (first === undefined || second === undefined || third === undefined) throw new Error('scenario');
    const broken: Migration = { id: second.id, sql: `${second.sql}\nSELECT * FROM no_such_table_anywhere;` };

    const error = await expectDatabaseError(runMigrations(db, [first, broken, third], { table: s.table }), '42P01');
    expect(error.message).toContain('0002_create_notes');
    expect(await exists(db, s.tables[0] ?? '')).toBe(true);
    expect(await exists(db, s.tables[1] ?? '')).toBe(false);
    expect(await exists(db, s.tables[2] ?? '')).toBe(false);
    expect((await recorded(db, s.table)).map((row) => row.id)).toEqual(['0001_create_users']);
    expect(await pendingMigrations(db, s.migrations, { table: s.table })).toEqual(['0002_create_notes', '0003_create_tags']);

    expect((await runMigrations(db, s.migrations, { table: s.table })).applied).toEqual([
      '0002_create_notes',
      '0003_create_tags',
    ]);
  });

  it('rejects an applied migration whose SQL changed, naming it', async () => {
    const db = ctx.db();
    const s = scenario(ctx);
    await runMigrations(db, s.migrations.slice(0, 1), { table: s.table });
    const edited = s.migrations.map((m, i) => (i === 0 ? { id: m.id, sql: `${m.sql} -- edited` } : m));
    const error = await expectDatabaseError(runMigrations(db, edited, { table: s.table }));
    expect(error.message).toContain('0001_create_users');
    expect(error.message).toMatch(/changed/);
    expect(await exists(db, s.tables[1] ?? '')).toBe(false);
  });

  it('rejects a pending migration that sorts before an applied one', async () => {
    const db = ctx.db();
    const s = scenario(ctx);
    const [first, second, third] = s.migrations;
    if (first === undefined || second === undefined || third === undefined) throw new Error('scenario');
    await runMigrations(db, [first, third], { table: s.table });
    const error = await expectDatabaseError(runMigrations(db, s.migrations, { table: s.table }));
    expect(error.message).toContain('0002_create_notes');
  });

  it('validates the list before touching the database', async () => {
    const db = ctx.db();
    const s = scenario(ctx);
    const [first, second] = s.migrations;
    if (first === undefined || second === undefined) throw new Error('scenario');
    const invalid: Migration[][] = [
      [first, first],
      [second, first],
      [{ id: '0001 bad id', sql: 'SELECT 1' }],
      [{ id: '0001_empty', sql: '  ' }],
    ];
    for (const list of invalid) {
      await expectDatabaseError(runMigrations(db, list, { table: s.table }));
      await expectDatabaseError(pendingMigrations(db, list, { table: s.table }));
    }
    await expectDatabaseError(runMigrations(db, [first], { table: 'Bad-Name' }));
    expect(await exists(db, s.table)).toBe(false);
  });

  it('applies each migration once when two runs start at the same time', async () => {
    const db = ctx.db();
    const s = scenario(ctx);
    const [a, b] = await Promise.all([
      runMigrations(db, s.migrations, { table: s.table }),
      runMigrations(db, s.migrations, { table: s.table }),
    ]);
    expect([...a.applied, ...b.applied].sort()).toEqual(s.migrations.map((m) => m.id));
    expect((await recorded(db, s.table)).map((row) => row.id)).toEqual(s.migrations.map((m) => m.id));
  });

  it('uses schema_migrations by default', async () => {
    const db = ctx.db();
    const id = `0001_${ctx.unique('default_table')}`;
    const migration: Migration = { id, sql: `CREATE TABLE ${ctx.unique('dt')} (x int);` };
    expect(await pendingMigrations(db, [migration])).toEqual([id]);
    expect(await runMigrations(db, [migration])).toEqual({ applied: [id] });
    expect(await pendingMigrations(db, [migration])).toEqual([]);
    const { rows } = await db.query('SELECT id FROM schema_migrations WHERE id = $1', [id]);
    expect(rows).toEqual([{ id }]);
  });

  it('records a scoped list as scope.id, and adopts rows an earlier release recorded under a former id', async () => {
    const db = ctx.db();
    const s = scenario(ctx);
    const [users, notes, tags] = s.migrations;
    if (users === undefined || notes === undefined || tags === undefined) throw new Error('scenario has three migrations');
    // Yesterday's release: the same SQL under ids that sorted by a naming trick.
    const yesterday: Migration[] = [
      { id: 'svc.0001_create_users', sql: users.sql },
      { id: 'svc.sync.0001_create_notes', sql: notes.sql },
    ];
    await runMigrations(db, yesterday, { table: s.table });
    await db.query(`INSERT INTO ${s.tables[0] ?? ''} VALUES (7, 'kept')`);
    // Today's: plain numbers in a scope, each naming what it was called before.
    const today: Migration[] = [
      { id: '0001_create_users', sql: users.sql },
      { id: '0002_create_notes', sql: notes.sql, formerly: ['svc.sync.0001_create_notes'] },
      { id: '0003_create_tags', sql: tags.sql },
    ];
    expect(await pendingMigrations(db, today, { table: s.table, scope: 'svc' })).toEqual(['svc.0003_create_tags']);
    const logger = capturingLogger();
    const upgraded = await runMigrations(db, today, { table: s.table, scope: 'svc', logger });
    // Nothing ran twice (plain CREATE TABLE would fail), only the new one ran.
    expect(upgraded.applied).toEqual(['svc.0003_create_tags']);
    expect(logger.messages).toContain('migration id renamed (already applied)');
    expect((await recorded(db, s.table)).map((row) => row.id)).toEqual(['svc.0001_create_users', 'svc.0002_create_notes', 'svc.0003_create_tags']);
    const { rows } = await db.query<{ name: string }>(`SELECT name FROM ${s.tables[0] ?? ''} WHERE id = 7`);
    expect(rows).toEqual([{ name: 'kept' }]);
    expect(await runMigrations(db, today, { table: s.table, scope: 'svc' })).toEqual({ applied: [] });
    expect(await pendingMigrations(db, today, { table: s.table, scope: 'svc' })).toEqual([]);
  });

  it('refuses to adopt a former id whose recorded SQL is not the migration’s, and changes nothing', async () => {
    const db = ctx.db();
    const s = scenario(ctx);
    const [users, notes] = s.migrations;
    if (users === undefined || notes === undefined) throw new Error('scenario has three migrations');
    await runMigrations(db, [{ id: 'old.0001_x', sql: users.sql }], { table: s.table });
    const today: Migration[] = [{ id: '0001_create_notes', sql: notes.sql, formerly: ['old.0001_x'] }];
    const error = await expectDatabaseError(runMigrations(db, today, { table: s.table, scope: 'svc' }));
    expect(error.message).toMatch(/svc.0001_create_notes \(recorded as old.0001_x\) was changed after it was applied/);
    expect((await recorded(db, s.table)).map((row) => row.id)).toEqual(['old.0001_x']);
  });
}
