import type { Database, Queryable } from './database';
import { toDatabaseError } from './errors';
import type { DbLogger } from './logger';
import { silentLogger } from './logger';
import { checkMigrations, checkTableName, nextMigration, renamesToAdopt } from './migration-plan';
import type { CheckedMigration, Migration } from './migration-plan';

export type { Migration } from './migration-plan';

/** Options of {@link runMigrations}. */
export interface MigrationOptions {
  readonly logger?: DbLogger | undefined;
  /** The bookkeeping table (default `schema_migrations`); a lower-case identifier. */
  readonly table?: string | undefined;
  /**
   * The owning service (`relay`): ids must be numbered (`0001_x`) and are recorded as `relay.0001_x`,
   * so several services share the table. Without a scope ids are recorded as they are.
   */
  readonly scope?: string | undefined;
}

/** Options of {@link pendingMigrations}. */
export interface PendingMigrationOptions {
  /** The bookkeeping table (default `schema_migrations`). */
  readonly table?: string | undefined;
  /** As in {@link MigrationOptions.scope}. */
  readonly scope?: string | undefined;
}

const DEFAULT_TABLE = 'schema_migrations';

async function tableExists(db: Queryable, table: string): Promise<boolean> {
  const { rows } = await db.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [table]);
  return rows[0]?.present === true;
}

async function ensureTable(tx: Queryable, table: string): Promise<void> {
  if (await tableExists(tx, table)) return;
  await tx.exec(
    `CREATE TABLE ${table} (id text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
}

/** Waits for any other process migrating the same database, then sees what it applied. */
async function lockTable(tx: Queryable, table: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`rpg-bot:migrations:${table}`]);
}

/**
 * One transaction: rows an earlier release recorded under a former id get the migration's id
 * (same SQL, same checksum; nothing runs again). Returns the renames made.
 */
async function adoptFormerIds(db: Database, migrations: readonly CheckedMigration[], table: string): Promise<{ from: string; to: string }[]> {
  if (!migrations.some((migration) => migration.formerly.length > 0)) return [];
  return db.transaction(async (tx) => {
    await lockTable(tx, table);
    if (!(await tableExists(tx, table))) return [];
    const { rows } = await tx.query<{ id: string; checksum: string }>(`SELECT id, checksum FROM ${table}`);
    const renames = renamesToAdopt(migrations, rows, table);
    for (const { from, to } of renames) await tx.query(`UPDATE ${table} SET id = $1 WHERE id = $2`, [to, from]);
    return renames;
  });
}

/** One transaction: lock, read what is applied, apply the next migration and record it. */
async function applyNext(db: Database, migrations: readonly CheckedMigration[], table: string): Promise<string | undefined> {
  return db.transaction(async (tx) => {
    await lockTable(tx, table);
    await ensureTable(tx, table);
    const { rows } = await tx.query<{ id: string; checksum: string }>(`SELECT id, checksum FROM ${table}`);
    const next = nextMigration(migrations, rows, table);
    if (next === undefined) return undefined;
    try {
      await tx.exec(next.sql);
    } catch (error) {
      throw toDatabaseError(error, `Migration ${next.id} failed`);
    }
    await tx.query(`INSERT INTO ${table} (id, checksum) VALUES ($1, $2)`, [next.id, next.checksum]);
    return next.id;
  });
}

/**
 * Applies the pending migrations in list order (sorted by number), each in its own transaction
 * together with its record in `schema_migrations`; a failing migration rolls back and the error
 * names it. Rows recorded under a migration's former id (`formerly`) are renamed first, never
 * re-applied. Safe to run from several processes at once (an advisory lock serialises them) and
 * idempotent.
 */
export async function runMigrations(
  db: Database,
  migrations: readonly Migration[],
  opts: MigrationOptions = {},
): Promise<{ applied: string[] }> {
  const logger = opts.logger ?? silentLogger;
  const table = opts.table ?? DEFAULT_TABLE;
  checkTableName(table);
  const checked = checkMigrations(migrations, opts.scope);
  for (const rename of await adoptFormerIds(db, checked, table)) {
    logger.info({ migration: rename.to, formerly: rename.from, table }, 'migration id renamed (already applied)');
  }
  const applied: string[] = [];
  for (;;) {
    const id = await applyNext(db, checked, table);
    if (id === undefined) break;
    applied.push(id);
    logger.info({ migration: id, table }, 'applied migration');
  }
  logger.info({ applied: applied.length, total: checked.length, table }, 'migrations up to date');
  return { applied };
}

/** Ids of the migrations not yet applied, in order (for readiness probes). Does not take the lock. */
export async function pendingMigrations(
  db: Database,
  migrations: readonly Migration[],
  opts: PendingMigrationOptions = {},
): Promise<string[]> {
  const table = opts.table ?? DEFAULT_TABLE;
  checkTableName(table);
  const checked = checkMigrations(migrations, opts.scope);
  const done = new Set<string>();
  if (await tableExists(db, table)) {
    const { rows } = await db.query<{ id: string }>(`SELECT id FROM ${table}`);
    for (const row of rows) done.add(row.id);
  }
  return checked.filter((migration) => ![migration.id, ...migration.formerly].some((id) => done.has(id))).map((migration) => migration.id);
}
