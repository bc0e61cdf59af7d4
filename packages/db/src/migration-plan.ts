import { createHash } from 'node:crypto';
import { DatabaseError } from './errors';

/** One schema change: a sortable id (`0001_create_x`) and the SQL script that makes it. */
export interface Migration {
  readonly id: string;
  readonly sql: string;
}

/** A migration with the sha256 of its SQL, as recorded in the migrations table. */
export interface CheckedMigration extends Migration {
  readonly checksum: string;
}

/** A row of the migrations table. */
export interface AppliedMigration {
  readonly id: string;
  readonly checksum: string;
}

const MIGRATION_ID = /^[0-9A-Za-z][0-9A-Za-z_.-]*$/;
const TABLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** sha256 of the SQL, hex. */
export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

/** Rejects a list whose ids are malformed, repeated or not in ascending order, or whose SQL is empty. */
export function checkMigrations(migrations: readonly Migration[]): CheckedMigration[] {
  let previous: string | undefined;
  return migrations.map((migration) => {
    const { id, sql } = migration;
    if (!MIGRATION_ID.test(id)) {
      throw new DatabaseError(`Invalid migration id ${JSON.stringify(id)}: use letters, digits, _ . - (e.g. 0001_create_users)`);
    }
    if (previous !== undefined && id <= previous) {
      throw new DatabaseError(
        id === previous
          ? `Migration id ${id} appears twice`
          : `Migrations must be sorted by id: ${id} comes after ${previous}`,
      );
    }
    if (sql.trim() === '') throw new DatabaseError(`Migration ${id} has no SQL`);
    previous = id;
    return { id, sql, checksum: checksumOf(sql) };
  });
}

/**
 * One list from the migrations of several features of a service, in id order: each feature owns
 * its migrations, the ids number them across the service (`relay.v0006_…`), and the service runs
 * them as one sorted list. Throws on an id two features both use.
 */
export function mergeMigrations(...lists: readonly (readonly Migration[])[]): Migration[] {
  const merged = lists.flat().sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  merged.forEach((migration, index) => {
    if (index > 0 && merged[index - 1]?.id === migration.id) {
      throw new DatabaseError(`Migration id ${migration.id} appears twice`);
    }
  });
  return merged;
}

/** Rejects a table name that is not a plain lower-case identifier (it is spliced into SQL). */
export function checkTableName(table: string): void {
  if (!TABLE_NAME.test(table)) {
    throw new DatabaseError(`Invalid migrations table name ${JSON.stringify(table)}: use a lower-case identifier`);
  }
}

/**
 * The next migration to apply, or undefined when all are applied. Throws when an applied
 * migration's SQL changed, or when a pending one sorts before one already applied (it would run
 * out of order on databases that are ahead). Ids in the table that the list does not know
 * (another service's, or a newer release's) are ignored.
 */
export function nextMigration(
  migrations: readonly CheckedMigration[],
  applied: readonly AppliedMigration[],
  table: string,
): CheckedMigration | undefined {
  const appliedChecksums = new Map(applied.map((row) => [row.id, row.checksum]));
  let lastApplied: string | undefined;
  let next: CheckedMigration | undefined;
  for (const migration of migrations) {
    const recorded = appliedChecksums.get(migration.id);
    if (recorded === undefined) {
      next ??= migration;
      continue;
    }
    if (recorded !== migration.checksum) {
      throw new DatabaseError(
        `Migration ${migration.id} was changed after it was applied (checksum in ${table}: ${recorded.slice(0, 12)}…, ` +
          `in the code: ${migration.checksum.slice(0, 12)}…). Applied migrations must never change: ` +
          'revert the edit and add a new migration instead.',
      );
    }
    lastApplied = migration.id;
  }
  if (next !== undefined && lastApplied !== undefined && next.id < lastApplied) {
    throw new DatabaseError(
      `Migration ${next.id} is pending but ${lastApplied} is already applied: ` +
        'a new migration must sort after every applied one (give it a later id).',
    );
  }
  return next;
}
