import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findOnPath } from './find-executable.mjs';
import { findPostgresBinaries, startThrowawayCluster } from './postgres-cluster.mjs';

const binaries = findPostgresBinaries();
const psql = findOnPath('psql');
const canRun = binaries !== null && psql !== null;
if (!canRun) console.warn('postgres-cluster: skipping the start/stop test: PostgreSQL server binaries or psql are not installed');

describe('startThrowawayCluster', () => {
  it('resolves null and says why when the binaries are absent', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'no-postgres-'));
    try {
      /** @type {string[]} */
      const reasons = [];
      // An empty PATH and no versions folder: nothing to find.
      const nowhere = { pathVariable: empty, versionsDir: join(empty, 'none') };
      expect(findPostgresBinaries(nowhere)).toBeNull();
      const cluster = await startThrowawayCluster({ ...nowhere, onUnavailable: (r) => reasons.push(r) });
      expect(cluster).toBeNull();
      expect(reasons).toHaveLength(1);
      expect(reasons[0]).toContain('initdb');
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it.skipIf(!canRun)('starts a server that answers queries, and stop() removes every trace', async () => {
    const cluster = await startThrowawayCluster();
    expect(cluster).not.toBeNull();
    if (cluster === null || psql === null) return;
    try {
      expect(cluster.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
      const answer = execFileSync(psql, [cluster.url, '-Atc', 'select 40 + 2'], { encoding: 'utf8' });
      expect(answer.trim()).toBe('42');
    } finally {
      await cluster.stop();
    }
    expect(existsSync(cluster.dir)).toBe(false);
    // A second stop (e.g. from a signal handler racing the normal path) is harmless.
    await cluster.stop();
  });
});
