import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { quoteIdentifier } from './channel';
import type { Database } from './database';
import type { DbLogger } from './logger';
import { createPgliteDatabase } from './pglite';
import { createPostgresDatabase } from './postgres';

/** A database made for one test file, and how to get rid of it. */
export interface TestDatabase {
  readonly db: Database;
  /** Closes the database and deletes it (and its files). */
  cleanup(): Promise<void>;
}

/** A fresh PostgreSQL database on a throwaway server. */
export interface TestPostgresDatabase extends TestDatabase {
  /** Its name, `rpgbot_test_<random>`. */
  readonly name: string;
  /** A URL to it (the admin URL with the database replaced), for a second `Database` or a child process. */
  readonly url: string;
}

/** A PGlite database in memory or in a fresh temporary directory. */
export interface TestPgliteDatabase extends TestDatabase {
  /** `'memory://'` or the temporary directory. */
  readonly dataDir: string;
}

async function asAdmin(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * The real PostgreSQL server integration tests use: `TEST_DATABASE_URL`, a superuser URL to a
 * throwaway server (`npm test` starts one). Unset, empty or blank means there is none, and the
 * caller skips its PostgreSQL variant with a printed reason.
 */
export function testDatabaseUrl(): string | undefined {
  const url = process.env.TEST_DATABASE_URL?.trim();
  return url === undefined || url === '' ? undefined : url;
}

/**
 * Creates `rpgbot_test_<random>` through `adminUrl` (a superuser URL, e.g. TEST_DATABASE_URL)
 * and opens it; `cleanup` closes it and drops the database.
 */
export async function createTestPostgresDatabase(
  adminUrl: string,
  opts: { readonly logger?: DbLogger | undefined; readonly poolSize?: number | undefined } = {},
): Promise<TestPostgresDatabase> {
  const name = `rpgbot_test_${randomBytes(6).toString('hex')}`;
  await asAdmin(adminUrl, `CREATE DATABASE ${quoteIdentifier(name)}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await createPostgresDatabase({ url: url.toString(), logger: opts.logger, poolSize: opts.poolSize });
  return {
    db,
    name,
    url: url.toString(),
    async cleanup() {
      await db.close();
      await asAdmin(adminUrl, `DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
    },
  };
}

/** Opens PGlite in memory, or on disk in a new temporary directory that `cleanup` removes. */
export async function createTestPgliteDatabase(
  opts: { readonly onDisk?: boolean | undefined; readonly logger?: DbLogger | undefined } = {},
): Promise<TestPgliteDatabase> {
  const dataDir = opts.onDisk === true ? await mkdtemp(join(tmpdir(), 'rpgbot-pglite-')) : 'memory://';
  const db = await createPgliteDatabase({ dataDir, logger: opts.logger });
  return {
    db,
    dataDir,
    async cleanup() {
      await db.close();
      if (opts.onDisk === true) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
