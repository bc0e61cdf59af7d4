import { createHash } from 'node:crypto';
import { DatabaseError } from './errors';

/**
 * One schema change: an id that starts with its number (`0001_create_x`; lists sort by that number)
 * and the SQL script that makes it.
 */
export interface Migration {
  readonly id: string;
  readonly sql: string;
  /**
   * The ids, as recorded in the migrations table (scope included), under which earlier releases
   * applied this same SQL. A database that recorded one of them counts this migration as applied
   * and has the row renamed on the next run (its checksum must match: the SQL never changes).
   */
  readonly formerly?: readonly string[];
}

/** A migration with the id it is recorded under (scope included) and the sha256 of its SQL. */
export interface CheckedMigration {
  readonly id: string;
  readonly sql: string;
  readonly checksum: string;
  readonly formerly: readonly string[];
}

/** A row of the migrations table. */
export interface AppliedMigration {
  readonly id: string;
  readonly checksum: string;
}

const MIGRATION_ID = /^[0-9A-Za-z][0-9A-Za-z_.-]*$/;
/** With a scope, ids are plain numbers and a name: `0007_doc_size_without_history`. */
const NUMBERED_ID = /^(\d{1,9})_[a-z0-9_]+$/;
const SCOPE = /^[a-z][a-z0-9_-]{0,39}$/;
const TABLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** sha256 of the SQL, hex. */
export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

/**
 * Orders migration ids by their leading number (so `10_x` follows `9_x` even unpadded), then as
 * strings; ids without a leading number sort as strings after numbered ones.
 */
export function compareMigrationIds(a: string, b: string): number {
  const na = /^\d+/.exec(a)?.[0];
  const nb = /^\d+/.exec(b)?.[0];
  if (na !== undefined && nb !== undefined && Number(na) !== Number(nb)) return Number(na) - Number(nb);
  if (na !== undefined && nb === undefined) return -1;
  if (na === undefined && nb !== undefined) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Rejects a list whose ids are malformed, repeated or not in ascending order, or whose SQL is
 * empty. With a `scope` (the service's name: `relay`), ids must be `NNNN_name` and are recorded
 * as `scope.NNNN_name`, so services share the migrations table without their numbers colliding.
 */
export function checkMigrations(migrations: readonly Migration[], scope?: string): CheckedMigration[] {
  if (scope !== undefined && !SCOPE.test(scope)) {
    throw new DatabaseError(`Invalid migration scope ${JSON.stringify(scope)}: use a lower-case name (e.g. relay)`);
  }
  let previous: string | undefined;
  const seen = new Set<string>();
  return migrations.map((migration) => {
    const { id, sql } = migration;
    if (!MIGRATION_ID.test(id)) {
      throw new DatabaseError(`Invalid migration id ${JSON.stringify(id)}: use letters, digits, _ . - (e.g. 0001_create_users)`);
    }
    if (scope !== undefined && !NUMBERED_ID.test(id)) {
      throw new DatabaseError(`Invalid migration id ${JSON.stringify(id)}: a service's migrations are numbered, e.g. 0001_create_users`);
    }
    if (previous !== undefined && compareMigrationIds(id, previous) <= 0) {
      throw new DatabaseError(
        id === previous ? `Migration id ${id} appears twice` : `Migrations must be sorted by number: ${id} comes after ${previous}`,
      );
    }
    if (scope !== undefined && previous !== undefined && NUMBERED_ID.exec(id)?.[1] === NUMBERED_ID.exec(previous)?.[1]) {
      throw new DatabaseError(`Migrations ${previous} and ${id} share a number: give each its own`);
    }
    if (sql.trim() === '') throw new DatabaseError(`Migration ${id} has no SQL`);
    const recordedId = scope === undefined ? id : `${scope}.${id}`;
    const formerly = migration.formerly ?? [];
    for (const old of [recordedId, ...formerly]) {
      if (seen.has(old)) throw new DatabaseError(`Migration id ${old} is claimed twice (as an id or a former id)`);
      seen.add(old);
    }
    previous = id;
    return { id: recordedId, sql, checksum: checksumOf(sql), formerly };
  });
}

/**
 * One list from the migrations of several features of a service, in number order: each feature
 * owns its migrations, their numbers count across the service (`0007_…`), and the service runs
 * them as one sorted list. Throws on an id two features both use.
 */
export function mergeMigrations(...lists: readonly (readonly Migration[])[]): Migration[] {
  const merged = lists.flat().sort((a, b) => compareMigrationIds(a.id, b.id));
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

function changedError(id: string, recorded: string, checksum: string, table: string): DatabaseError {
  return new DatabaseError(
    `Migration ${id} was changed after it was applied (checksum in ${table}: ${recorded.slice(0, 12)}…, ` +
      `in the code: ${checksum.slice(0, 12)}…). Applied migrations must never change: ` +
      'revert the edit and add a new migration instead.',
  );
}

/** A recorded row to rename: an earlier release applied `to`'s SQL under the id `from`. */
export interface MigrationRename {
  readonly from: string;
  readonly to: string;
}

/**
 * The rows recorded under a former id of a migration whose own id is not recorded yet. Throws
 * when such a row's checksum is not the migration's (the SQL changed, or the id was reused).
 */
export function renamesToAdopt(
  migrations: readonly CheckedMigration[],
  applied: readonly AppliedMigration[],
  table: string,
): MigrationRename[] {
  const appliedChecksums = new Map(applied.map((row) => [row.id, row.checksum]));
  const renames: MigrationRename[] = [];
  for (const migration of migrations) {
    if (appliedChecksums.has(migration.id)) continue;
    const from = migration.formerly.find((old) => appliedChecksums.has(old));
    if (from === undefined) continue;
    const recorded = appliedChecksums.get(from) ?? '';
    if (recorded !== migration.checksum) throw changedError(`${migration.id} (recorded as ${from})`, recorded, migration.checksum, table);
    renames.push({ from, to: migration.id });
  }
  return renames;
}

/**
 * The next migration to apply, or undefined when all are applied. Throws when an applied
 * migration's SQL changed, or when a pending one comes before one already applied (it would run
 * out of order on databases that are ahead). Ids in the table that the list does not know
 * (another service's, or a newer release's) are ignored. Former ids count as applied (see
 * {@link renamesToAdopt}; the runner renames them first).
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
    const recordedAs = [migration.id, ...migration.formerly].find((id) => appliedChecksums.has(id));
    const recorded = recordedAs === undefined ? undefined : appliedChecksums.get(recordedAs);
    if (recorded === undefined) {
      next ??= migration;
      continue;
    }
    if (recorded !== migration.checksum) throw changedError(migration.id, recorded, migration.checksum, table);
    lastApplied = migration.id;
    if (next !== undefined) break;
  }
  if (next !== undefined && lastApplied !== undefined && migrations.indexOf(next) < migrations.findIndex((m) => m.id === lastApplied)) {
    throw new DatabaseError(
      `Migration ${next.id} is pending but ${lastApplied} is already applied: ` +
        'a new migration must sort after every applied one (give it a later id).',
    );
  }
  return next;
}
