// `npm run relay -- repair-doc <docId>`: the admin path of SYNC-UPDATE-7, on the embedded database
// (DATA_DIR) and on PostgreSQL (DATABASE_URL), through the same entry the built relay runs.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, runMigrations } from '@rpg-bot/db';
import type { Database } from '@rpg-bot/db';
import { createTestPostgresDatabase, testDatabaseUrl } from '@rpg-bot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { relayMigrations } from '../migrations';
import { PostgresUpdateLog } from '../sync/postgres-update-log';
import { overflowUpdate, storeDamagedDoc } from '../sync/testing-damaged-update';
import { runCommand } from './main-command';

async function textOf(db: Database, docId: string): Promise<string> {
  const state = await new PostgresUpdateLog(db).loadState(docId);
  const doc = new Y.Doc();
  for (const entry of state.tail) Y.applyUpdate(doc, entry.update);
  return doc.getText('t').toJSON();
}

async function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string[]; stderr: string[] }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCommand(args, env, { stdout: (line) => stdout.push(line), stderr: (line) => stderr.push(line) });
  return { code, stdout, stderr };
}

const adminUrl = testDatabaseUrl() ?? '';
if (adminUrl === '') console.warn('[relay repair-doc] TEST_DATABASE_URL is not set: the PostgreSQL run is skipped.');

interface Target {
  readonly env: NodeJS.ProcessEnv;
  /** Opens the database the command will use (closed again before the command runs: PGlite takes one opener). */
  withDb<T>(fn: (db: Database) => Promise<T>): Promise<T>;
  cleanup(): Promise<void>;
}

async function embedded(): Promise<Target> {
  const dataDir = await mkdtemp(join(tmpdir(), 'rpg-repair-'));
  return {
    env: { DATA_DIR: dataDir },
    async withDb(fn) {
      const db = await openDatabase({ dataDir });
      try {
        return await fn(db);
      } finally {
        await db.close();
      }
    },
    cleanup: () => rm(dataDir, { recursive: true, force: true }),
  };
}

async function postgres(): Promise<Target> {
  const test = await createTestPostgresDatabase(adminUrl);
  return { env: { DATABASE_URL: test.url }, withDb: (fn) => fn(test.db), cleanup: () => test.cleanup() };
}

describe('relay command line', () => {
  it('prints its usage and refuses unknown commands and bad arguments with exit code 2', async () => {
    expect((await run(['--help'], {})).code).toBe(0);
    for (const args of [['fix-everything'], ['repair-doc'], ['repair-doc', 'a', 'b'], ['repair-doc', '--force']]) {
      const result = await run(args, {});
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.join('\n')).toContain('Usage: npm run relay -- repair-doc <docId> [--dry-run]');
      expect(result.stdout).toEqual([]);
    }
  });

  it('refuses a bad configuration with its message', async () => {
    const result = await run(['repair-doc', 'doc'], { DATABASE_URL: 'not a url' });
    expect(result.code).toBe(2);
    expect(result.stderr.join('\n')).toMatch(/DATABASE_URL/);
  });
});

describe.each([
  { name: 'the embedded database (DATA_DIR)', skip: false, make: embedded },
  { name: 'PostgreSQL (DATABASE_URL)', skip: adminUrl === '', make: postgres },
])('repair-doc on $name', ({ skip, make }) => {
  let target: Target | undefined;
  beforeAll(async () => {
    if (skip) return;
    target = await make();
  });
  afterAll(async () => {
    await target?.cleanup();
  });

  it.skipIf(skip)('refuses an unmigrated database without touching it', async () => {
    if (target === undefined) throw new Error('no database');
    const result = await run(['repair-doc', 'doc'], target.env);
    expect(result.code).toBe(2);
    expect(result.stderr.join('\n')).toMatch(/not migrated.*start the app once/);
  });

  it.skipIf(skip)('reports with --dry-run, repairs without it, keeps every other edit, and then finds nothing to do', async () => {
    if (target === undefined) throw new Error('no database');
    await target.withDb(async (db) => {
      await runMigrations(db, relayMigrations, { scope: 'relay' });
      await storeDamagedDoc(db, 'damaged', 7);
    });

    const dry = await run(['repair-doc', 'damaged', '--dry-run'], target.env);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout[0] ?? '{}')).toMatchObject({ docId: 'damaged', outcome: 'would_repair', dropped: [{ seq: 2 }] });
    expect(dry.stderr.join('\n')).toContain('Nothing was written');
    const untouched = await target.withDb((db) => new PostgresUpdateLog(db).loadState('damaged'));
    expect(untouched.tail[1]?.update).toEqual(overflowUpdate());

    const fixed = await run(['repair-doc', 'damaged'], target.env);
    expect(fixed.code).toBe(0);
    expect(JSON.parse(fixed.stdout[0] ?? '{}')).toMatchObject({ outcome: 'repaired', dropped: [{ seq: 2, problem: expect.any(String) as string }] });
    expect(await target.withDb((db) => textOf(db, 'damaged'))).toBe('before after');
    const seqs = await target.withDb(async (db) => (await new PostgresUpdateLog(db).loadState('damaged')).tail.map((entry) => entry.seq));
    expect(seqs).toEqual([1, 2, 3]);

    const again = await run(['repair-doc', 'damaged'], target.env);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout[0] ?? '{}')).toMatchObject({ outcome: 'loadable', dropped: [] });
  });

  it.skipIf(skip)('repairs a doc whose damage was compacted into its snapshot and history, and reports the checkpoints', async () => {
    if (target === undefined) throw new Error('no database');
    await target.withDb(async (db) => {
      await runMigrations(db, relayMigrations, { scope: 'relay' });
      await storeDamagedDoc(db, 'compacted', 7);
      await new PostgresUpdateLog(db).compact('compacted', { keepHistory: true });
    });
    const fixed = await run(['repair-doc', 'compacted'], target.env);
    expect(fixed.code).toBe(0);
    expect(JSON.parse(fixed.stdout[0] ?? '{}')).toMatchObject({
      outcome: 'repaired',
      dropped: [],
      snapshotProblem: expect.stringContaining('2^53') as string,
      checkpointProblems: [{ seq: 2 }],
    });
    const history = await target.withDb(async (db) => {
      const log = new PostgresUpdateLog(db);
      const texts: string[] = [];
      for (const seq of [1, 2, 3]) {
        const doc = new Y.Doc();
        Y.applyUpdate(doc, await log.stateAt('compacted', seq));
        texts.push(doc.getText('t').toJSON());
      }
      return texts;
    });
    expect(history).toEqual(['before ', 'before ', 'before after']);
    const again = await run(['repair-doc', 'compacted'], target.env);
    expect(JSON.parse(again.stdout[0] ?? '{}')).toMatchObject({ outcome: 'loadable' });
  });

  it.skipIf(skip)('says so for a doc that is not stored (exit code 2)', async () => {
    if (target === undefined) throw new Error('no database');
    const result = await run(['repair-doc', 'no-such-doc'], target.env);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout[0] ?? '{}')).toMatchObject({ outcome: 'unknown_doc' });
  });
});
