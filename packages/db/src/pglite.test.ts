import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDatabaseConformance } from './conformance';
import type { Database } from './database';
import { DatabaseError } from './errors';
import { requireExtension } from './extensions';
import { openDatabase } from './open';
import { createPgliteDatabase } from './pglite';
import { createTestPgliteDatabase } from './testing';

runDatabaseConformance('PGlite in memory', () => createTestPgliteDatabase());
runDatabaseConformance('PGlite on disk', () => createTestPgliteDatabase({ onDisk: true }));

describe('PGlite on disk', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rpgbot-pglite-test-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps data across close and reopen of the same directory, which it creates', async () => {
    const dataDir = join(dir, 'nested', 'db');
    const first = await createPgliteDatabase({ dataDir });
    await first.exec('CREATE TABLE kept (note text)');
    await first.query('INSERT INTO kept VALUES ($1)', ['survives']);
    await first.close();
    expect(existsSync(dataDir)).toBe(true);

    const second = await createPgliteDatabase({ dataDir });
    try {
      expect((await second.query('SELECT note FROM kept')).rows).toEqual([{ note: 'survives' }]);
    } finally {
      await second.close();
    }
  });

  it('is what openDatabase opens without a database URL, under dataDir/pglite', async () => {
    const db = await openDatabase({ dataDir: join(dir, 'service'), databaseUrl: '' });
    try {
      expect(db.kind).toBe('pglite');
      expect(existsSync(join(dir, 'service', 'pglite'))).toBe(true);
      await db.ping();
    } finally {
      await db.close();
    }
  });
});

describe('PGlite with pgvector', () => {
  let db: Database | undefined;
  const open = (): Database => {
    if (db === undefined) throw new Error('not opened');
    return db;
  };
  beforeAll(async () => {
    db = await createPgliteDatabase({ dataDir: 'memory://' });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('has the vector extension, and requireExtension passes', async () => {
    expect(await open().hasExtension('vector')).toBe(true);
    await expect(requireExtension(open(), 'vector')).resolves.toBeUndefined();
  });

  it('creates the extension and answers a nearest-neighbour query', async () => {
    const pg = open();
    await pg.exec(`
      CREATE EXTENSION IF NOT EXISTS vector;
      CREATE TABLE items (name text PRIMARY KEY, embedding vector(3));
      INSERT INTO items VALUES ('near', '[1,2,3]'), ('far', '[9,9,9]');
    `);
    const { rows } = await pg.query<{ name: string; distance: number; embedding: string }>(
      'SELECT name, embedding, embedding <-> $1::vector AS distance FROM items ORDER BY distance LIMIT 1',
      ['[1,2,4]'],
    );
    expect(rows).toEqual([{ name: 'near', embedding: '[1,2,3]', distance: 1 }]);
  });

  it('names the fix when an extension is missing', async () => {
    const error = await requireExtension(open(), 'postgis').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).message).toMatch(/PGlite.*"postgis"/);
  });
});
