import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { runDatabaseConformance } from './conformance';
import { waitFor } from './conformance/context';
import type { Database } from './database';
import { DatabaseError } from './errors';
import { requireExtension } from './extensions';
import type { DbLogger } from './logger';
import { runMigrations } from './migrations';
import type { Migration } from './migrations';
import { openDatabase } from './open';
import { createPostgresDatabase } from './postgres';
import { createTestPostgresDatabase, testDatabaseUrl } from './testing';
import type { TestPostgresDatabase } from './testing';

const adminUrl = testDatabaseUrl();
if (adminUrl === undefined || adminUrl === '') {
  console.warn('Skipping the PostgreSQL adapter tests: TEST_DATABASE_URL (a superuser URL to a throwaway server) is not set.');
}
const url = adminUrl ?? '';

function capturingLogger(): DbLogger & { errors: string[] } {
  const errors: string[] = [];
  const ignore = (): void => undefined;
  return { errors, debug: ignore, info: ignore, warn: ignore, error: (_obj, msg) => errors.push(msg ?? '') };
}

async function terminate(admin: string, database: string, where: string): Promise<number> {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    const result = await client.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND ${where}`,
      [database],
    );
    return result.rowCount ?? 0;
  } finally {
    await client.end();
  }
}

describe.skipIf(url === '')('PostgreSQL adapter', () => {
  runDatabaseConformance('PostgreSQL', () => createTestPostgresDatabase(url));

  describe('against a fresh database', () => {
    let test: TestPostgresDatabase | undefined;
    const fresh = (): TestPostgresDatabase => {
      if (test === undefined) throw new Error('not created');
      return test;
    };
    beforeAll(async () => {
      test = await createTestPostgresDatabase(url);
    });
    afterAll(async () => {
      await test?.cleanup();
    });

    it('applies each migration exactly once when two processes migrate at the same time', async () => {
      const migrations: Migration[] = Array.from({ length: 5 }, (_, i) => ({
        id: `000${i + 1}_step`,
        sql: `CREATE TABLE step_${i + 1} (x int); INSERT INTO step_${i + 1} VALUES (${i + 1});`,
      }));
      const second = await createPostgresDatabase({ url: fresh().url });
      try {
        const [a, b] = await Promise.all([runMigrations(fresh().db, migrations), runMigrations(second, migrations)]);
        expect([...a.applied, ...b.applied].sort()).toEqual(migrations.map((m) => m.id));
        const { rows } = await fresh().db.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id');
        expect(rows.map((row) => row.id)).toEqual(migrations.map((m) => m.id));
      } finally {
        await second.close();
      }
    });

    it('requires pgvector with a message that names the fix, or passes when the server has it', async () => {
      const db = fresh().db;
      if (await db.hasExtension('vector')) {
        await expect(requireExtension(db, 'vector')).resolves.toBeUndefined();
        return;
      }
      const error = await requireExtension(db, 'vector').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseError);
      const message = (error as DatabaseError).message;
      expect(message).toMatch(/lacks pgvector/);
      expect(message).toMatch(/postgresql-\d+-pgvector/);
      expect(message).toMatch(/unset DATABASE_URL/);
    });

    it('survives a pooled connection being killed, logs it, and keeps serving', async () => {
      const logger = capturingLogger();
      const db = await createPostgresDatabase({ url: fresh().url, logger });
      try {
        await db.ping();
        expect(await terminate(url, fresh().name, `state = 'idle' AND query = 'SELECT 1'`)).toBeGreaterThan(0);
        await waitFor(() => logger.errors.length > 0, 'the pool error to be logged');
        await db.ping();
      } finally {
        await db.close();
      }
    });

    it('re-establishes a lost LISTEN connection: callback, failing ping while down, re-LISTEN, onReconnect', async () => {
      const logger = capturingLogger();
      const lost: DatabaseError[] = [];
      const db: Database = await createPostgresDatabase({
        url: fresh().url,
        logger,
        onListenError: (error) => lost.push(error),
        listenRetry: { minDelayMs: 20, maxDelayMs: 200 },
      });
      try {
        const received: string[] = [];
        let reconnects = 0;
        const unlisten = await db.listen('watched', (payload) => received.push(payload), { onReconnect: () => (reconnects += 1) });
        const plain: string[] = [];
        await db.listen('watched', (payload) => plain.push(payload));
        expect(await terminate(url, fresh().name, `query LIKE 'LISTEN%'`)).toBe(1);
        await waitFor(() => lost.length === 1, 'the listen error callback');
        await waitFor(() => reconnects === 1, 'the reconnect callback');
        await db.ping();
        await db.notify('watched', 'after the reconnect');
        await waitFor(() => received.length === 1 && plain.length === 1, 'the notification on the new connection');
        expect(received).toEqual(['after the reconnect']);
        expect(plain).toEqual(['after the reconnect']);
        await db.listen('other', () => undefined);
        await unlisten();
        expect(await db.query('SELECT 1 AS one')).toEqual({ rows: [{ one: 1 }], rowCount: 1 });
      } finally {
        await db.close();
      }
    });

    it('keeps ping failing while the server refuses the LISTEN reconnect, and recovers once it accepts', async () => {
      const lost: DatabaseError[] = [];
      const db = await createPostgresDatabase({ url: fresh().url, onListenError: (error) => lost.push(error), listenRetry: { minDelayMs: 20, maxDelayMs: 100 } });
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        let reconnects = 0;
        await db.listen('blocked', () => undefined, { onReconnect: () => (reconnects += 1) });
        await admin.query(`ALTER DATABASE ${fresh().name} WITH ALLOW_CONNECTIONS false`);
        await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [fresh().name]);
        await waitFor(() => lost.length >= 1, 'the loss');
        await expect(db.ping()).rejects.toBeInstanceOf(DatabaseError);
        await expect(db.listen('meanwhile', () => undefined)).rejects.toBeInstanceOf(DatabaseError);
        expect(reconnects).toBe(0);
        await admin.query(`ALTER DATABASE ${fresh().name} WITH ALLOW_CONNECTIONS true`);
        await waitFor(() => reconnects === 1, 'the reconnect');
        await db.ping();
      } finally {
        await admin.query(`ALTER DATABASE ${fresh().name} WITH ALLOW_CONNECTIONS true`);
        await admin.end();
        await db.close();
      }
    });

    it('is what openDatabase opens when a database URL is set', async () => {
      const db = await openDatabase({ databaseUrl: fresh().url, dataDir: '/nonexistent' });
      try {
        expect(db.kind).toBe('postgres');
        await db.ping();
      } finally {
        await db.close();
      }
    });
  });
});

describe('createPostgresDatabase', () => {
  it('rejects a malformed URL without echoing it', async () => {
    const error = await createPostgresDatabase({ url: 'not a url secret-password' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).message).not.toContain('secret-password');
    await expect(createPostgresDatabase({ url: 'mysql://localhost/db' })).rejects.toThrow(/postgres/);
  });

  it('rejects every statement with a DatabaseError when the server is unreachable', async () => {
    const db = await createPostgresDatabase({ url: 'postgres://nobody@127.0.0.1:1/none' });
    try {
      await expect(db.ping()).rejects.toBeInstanceOf(DatabaseError);
      await expect(db.transaction(async () => Promise.resolve())).rejects.toBeInstanceOf(DatabaseError);
    } finally {
      await db.close();
    }
  });
});
