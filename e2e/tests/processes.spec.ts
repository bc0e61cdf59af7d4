/**
 * The built bundles as real processes, the way `npm start` and a scale-out deployment run them:
 * configuration errors stop start-up with a clear message, SIGTERM shuts down cleanly, and each
 * service starts alone against a real PostgreSQL server (when `npm test` provides one).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { createTestPostgresDatabase, testDatabaseUrl } from '@rpg-bot/db/testing';
import { findFreePort } from '../../scripts/lib/free-port.mjs';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startBundle(bundle: string, env: Record<string, string>): Started {
  const child = spawn(process.execPath, [bundle], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      resolve(code);
    });
  });
  return { child, output: () => output, exited };
}

async function waitForHealth(url: string, started: Started): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (started.child.exitCode !== null) throw new Error(`process exited early:\n${started.output()}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no /healthz after 60 s:\n${started.output()}`);
}

const report = { message: 'ReferenceError: x is not defined', occurredAt: '2026-11-24T08:00:00.000Z' };

test.describe('all-in-one server process', () => {
  test('a bad environment value stops start-up with one message naming the variable', async () => {
    const started = startBundle('server/dist/main.js', { PORT: 'eighty-eighty', DATA_DIR: tmpdir() });
    expect(await started.exited).toBe(1);
    expect(started.output()).toContain('PORT');
    expect(started.output()).toContain('eighty-eighty');
  });

  test('SIGTERM lets the server finish and exit 0; a restart on the same data directory serves again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rpg-bot-e2e-process-'));
    try {
      const port = await findFreePort();
      const url = `http://127.0.0.1:${port}`;
      const first = startBundle('server/dist/main.js', { PORT: String(port), DATA_DIR: dataDir });
      await waitForHealth(url, first);
      const accepted = await fetch(`${url}/v1/diagnostics/client-errors`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(report),
      });
      expect(accepted.status).toBe(202);
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      expect(first.output()).toContain('"msg":"stopped"');

      const second = startBundle('server/dist/main.js', { PORT: String(port), DATA_DIR: dataDir });
      await waitForHealth(url, second);
      const ready = await fetch(`${url}/readyz`);
      expect(await ready.json()).toMatchObject({ status: 'ready' });
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

test.describe('services started alone', () => {
  for (const service of ['relay', 'jobs']) {
    test(`${service} refuses to start without DATABASE_URL, naming it`, async () => {
      const started = startBundle(`${service}/dist/main.js`, { PORT: '0', DATA_DIR: tmpdir() });
      expect(await started.exited).toBe(1);
      expect(started.output()).toContain('DATABASE_URL is required');
    });
  }

  const adminUrl = testDatabaseUrl();
  test('relay and jobs run as two processes on one PostgreSQL server', async () => {
    test.skip(adminUrl === undefined, 'TEST_DATABASE_URL is not set (npm test provides a throwaway PostgreSQL server)');
    if (adminUrl === undefined) return;
    const database = await createTestPostgresDatabase(adminUrl);
    const [relayPort, jobsPort] = [await findFreePort(), await findFreePort()];
    const dataDir = mkdtempSync(join(tmpdir(), 'rpg-bot-e2e-services-'));
    const shared = { DATABASE_URL: database.url, DATA_DIR: dataDir };
    const relay = startBundle('relay/dist/main.js', { PORT: String(relayPort), ...shared });
    const jobs = startBundle('jobs/dist/main.js', { PORT: String(jobsPort), ...shared });
    try {
      await waitForHealth(`http://127.0.0.1:${relayPort}`, relay);
      await waitForHealth(`http://127.0.0.1:${jobsPort}`, jobs);
      for (const port of [relayPort, jobsPort]) {
        const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
        expect(ready.status).toBe(200);
      }
      const accepted = await fetch(`http://127.0.0.1:${relayPort}/v1/diagnostics/client-errors`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(report),
      });
      expect(accepted.status).toBe(202);
      // The relay's route is not part of the jobs service.
      const notHere = await fetch(`http://127.0.0.1:${jobsPort}/v1/diagnostics/client-errors`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(report),
      });
      expect(notHere.status).toBe(404);
    } finally {
      relay.child.kill('SIGTERM');
      jobs.child.kill('SIGTERM');
      expect(await relay.exited).toBe(0);
      expect(await jobs.exited).toBe(0);
      await database.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
