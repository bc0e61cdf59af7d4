import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgliteDatabase, createPostgresDatabase } from '@rpg-bot/db';
import { createTestPostgresDatabase, testDatabaseUrl } from '@rpg-bot/db/testing';
import { sha256Hex } from '@rpg-bot/spi';
import { runArtifactStoreConformance } from '@rpg-bot/spi/testing';
import { describe, expect, it } from 'vitest';
import { FilesystemArtifactStore } from './filesystem-store';
import { PostgresArtifactStore } from './postgres-store';

runArtifactStoreConformance('filesystem', async () => {
  const root = await mkdtemp(join(tmpdir(), 'rpgbot-artifacts-'));
  return {
    store: new FilesystemArtifactStore(root),
    peer: new FilesystemArtifactStore(root),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
});

runArtifactStoreConformance('postgres on PGlite', async () => {
  const db = await createPgliteDatabase({ dataDir: 'memory://' });
  return { store: await PostgresArtifactStore.open(db), cleanup: () => db.close() };
});

const adminUrl = testDatabaseUrl();
if (adminUrl === undefined) {
  console.warn('Skipping the PostgresArtifactStore tests on a PostgreSQL server: TEST_DATABASE_URL (a superuser URL to a throwaway server) is not set.');
} else {
  runArtifactStoreConformance('postgres on a PostgreSQL server', async () => {
    const test = await createTestPostgresDatabase(adminUrl);
    // A second connection pool to the same database stands for another process.
    const peerDb = await createPostgresDatabase({ url: test.url });
    const [store, peer] = await Promise.all([PostgresArtifactStore.open(test.db), PostgresArtifactStore.open(peerDb)]);
    return {
      store,
      peer,
      cleanup: async () => {
        await peerDb.close();
        await test.cleanup();
      },
    };
  });
}

describe('FilesystemArtifactStore files', () => {
  it('fans files out by hash and leaves no temporary file behind; an orphaned temporary file does not hide the artifact', async () => {
    const root = await mkdtemp(join(tmpdir(), 'rpgbot-artifacts-'));
    try {
      const store = new FilesystemArtifactStore(root);
      const bytes = new TextEncoder().encode('a narration');
      const sha = sha256Hex(bytes);
      const folder = join(root, sha.slice(0, 2), sha.slice(2, 4));
      await store.put(sha, bytes);
      expect(await readdir(folder)).toEqual([sha]);
      // A crash between write and rename leaves a temporary file: it is not the artifact.
      await rm(join(folder, sha));
      await writeFile(join(folder, `${sha}.deadbeef0000.tmp`), bytes.subarray(0, 3));
      expect(await store.stat(sha)).toBeUndefined();
      await store.put(sha, bytes);
      expect(new TextDecoder().decode(await store.read(sha))).toBe('a narration');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
