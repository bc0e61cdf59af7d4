import type { Database } from './database';
import { DatabaseError } from './errors';

async function serverMajorVersion(db: Database): Promise<number | undefined> {
  const { rows } = await db.query<{ version: string }>(`SELECT current_setting('server_version_num') AS version`);
  const version = Number(rows[0]?.version);
  return Number.isInteger(version) ? Math.floor(version / 10000) : undefined;
}

function missingMessage(db: Database, name: string, major: number | undefined): string {
  const server = `The PostgreSQL server${major === undefined ? '' : ` (version ${major})`}`;
  if (db.kind === 'pglite') {
    return `The embedded database (PGlite) has no "${name}" extension loaded. Fix: load the PGlite build of "${name}" in createPgliteDatabase.`;
  }
  if (name === 'vector') {
    const pkg = major === undefined ? 'postgresql-<major>-pgvector' : `postgresql-${major}-pgvector`;
    return (
      `${server} lacks pgvector (the "vector" extension is not in pg_available_extensions). ` +
      `Fix: install the pgvector package for this server (e.g. ${pkg}, or build it from https://github.com/pgvector/pgvector) ` +
      'and restart it, or unset DATABASE_URL to use the embedded database, which bundles pgvector.'
    );
  }
  return (
    `${server} lacks the "${name}" extension (it is not in pg_available_extensions). ` +
    `Fix: install the package that provides "${name}" for this server and restart it, or unset DATABASE_URL to use the embedded database.`
  );
}

/**
 * Throws a DatabaseError that names the fix when the server cannot create the extension. It does
 * not create it: `CREATE EXTENSION IF NOT EXISTS …` belongs in the service's migrations.
 */
export async function requireExtension(db: Database, name: string): Promise<void> {
  if (await db.hasExtension(name)) return;
  const major = db.kind === 'postgres' ? await serverMajorVersion(db) : undefined;
  throw new DatabaseError(missingMessage(db, name, major));
}
