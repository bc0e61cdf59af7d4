/**
 * Micro-benchmark of byte parameters (run on demand, never in `npm test`):
 *
 *   npm run bench:bytea
 *
 * Inserts 256 KB rows of Yjs update bytes through `@rpg-bot/db`, sent two ways: as a Uint8Array
 * (what the codec does: binary format) and as the hex text the codec sent before (`\x…`, parsed
 * by the server — for PGlite in WebAssembly on the caller's thread). On PGlite, and on PostgreSQL
 * too when TEST_DATABASE_URL points at a throwaway server. Results go to docs/benchmarks.md.
 */
import { bench, describe } from 'vitest';
import type { Database } from './database';
import { createTestPgliteDatabase, createTestPostgresDatabase, testDatabaseUrl } from './testing';

const rowBytes = 256 * 1024;
// Text-like bytes (a Yjs update of typed notes is mostly UTF-8 text).
const sentence = new TextEncoder().encode('Session 12: the party meets Elara at the Silver Stag. ');
const row = Uint8Array.from({ length: rowBytes }, (_, i) => sentence[i % sentence.length] ?? 0);
const rowAsHex = `\\x${Buffer.from(row).toString('hex')}`;

const adminUrl = testDatabaseUrl() ?? '';
const backends: { name: string; open: () => Promise<{ db: Database; cleanup: () => Promise<void> }> }[] = [
  { name: 'PGlite', open: () => createTestPgliteDatabase() },
];
if (adminUrl !== '') backends.push({ name: 'PostgreSQL', open: () => createTestPostgresDatabase(adminUrl) });
else console.warn('PostgreSQL skipped: TEST_DATABASE_URL is not set.');

for (const backend of backends) {
  const { db } = await backend.open();
  await db.exec('CREATE TABLE bench_rows (id bigserial PRIMARY KEY, data bytea NOT NULL)');
  describe(`a 256 KB bytea row on ${backend.name}`, () => {
    bench('binary (Uint8Array parameter)', async () => {
      await db.query('INSERT INTO bench_rows (data) VALUES ($1)', [row]);
    }, { time: 3000 });
    bench('hex text (the former encoding)', async () => {
      await db.query('INSERT INTO bench_rows (data) VALUES ($1)', [rowAsHex]);
    }, { time: 3000 });
  });
}
