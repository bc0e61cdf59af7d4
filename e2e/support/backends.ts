/**
 * Where a process under test keeps its data: the embedded PGlite in its DATA_DIR, or a fresh
 * database on the real PostgreSQL server of TEST_DATABASE_URL (`npm test` starts a throwaway one).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPostgresDatabase, testDatabaseUrl } from '@rpg-bot/db/testing';

/** What a test gets: environment for the processes (DATA_DIR and maybe DATABASE_URL) and its cleanup. */
export interface ProcessStorage {
  readonly env: Readonly<Record<string, string>>;
  readonly dataDir: string;
  cleanup(): Promise<void>;
}

export interface ProcessBackend {
  readonly name: 'PGlite' | 'PostgreSQL';
  /** Set when the backend cannot run here; pass to `test.skip(true, reason)`. */
  readonly skipReason: string | undefined;
  setup(): Promise<ProcessStorage>;
}

export const adminDatabaseUrl = testDatabaseUrl();

export const noPostgresReason = 'TEST_DATABASE_URL is not set (npm test provides a throwaway PostgreSQL server)';

/** A temporary DATA_DIR, removed by `cleanup`. */
export function tempDataDir(prefix: string): { dataDir: string; cleanup: () => void } {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dataDir,
    cleanup: () => {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A fresh PostgreSQL database (CREATE DATABASE with a random name) dropped by `cleanup`. */
export async function freshPostgresDatabase(): Promise<{ url: string; cleanup: () => Promise<void> }> {
  if (adminDatabaseUrl === undefined) throw new Error(noPostgresReason);
  const database = await createTestPostgresDatabase(adminDatabaseUrl, { poolSize: 1 });
  return { url: database.url, cleanup: () => database.cleanup() };
}

export const processBackends: readonly ProcessBackend[] = [
  {
    name: 'PGlite',
    skipReason: undefined,
    setup: () => {
      const dir = tempDataDir('rpg-bot-e2e-pglite-');
      const cleanup = (): Promise<void> => {
        dir.cleanup();
        return Promise.resolve();
      };
      return Promise.resolve({ env: { DATA_DIR: dir.dataDir }, dataDir: dir.dataDir, cleanup });
    },
  },
  {
    name: 'PostgreSQL',
    skipReason: adminDatabaseUrl === undefined ? noPostgresReason : undefined,
    setup: async () => {
      const database = await freshPostgresDatabase();
      const dir = tempDataDir('rpg-bot-e2e-pg-');
      return {
        env: { DATA_DIR: dir.dataDir, DATABASE_URL: database.url },
        dataDir: dir.dataDir,
        cleanup: async () => {
          await database.cleanup();
          dir.cleanup();
        },
      };
    },
  },
];
