/**
 * End-to-end tests against the real all-in-one server (`server/dist/main.js`, the same bundle
 * `npm start` runs; `npm test` builds it first) in the system Chromium — Playwright cannot
 * download browsers on our machines.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { ensureChromium } from '../scripts/lib/chromium.mjs';
import { findFreePort } from '../scripts/lib/free-port.mjs';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * Playwright evaluates this file in the runner and again in every worker; the port and data
 * directory are chosen once, by the runner, and handed to the workers (which inherit its
 * environment) so that all of them talk to the one server the runner started.
 */
async function serverSettings(): Promise<{ port: number; dataDir: string }> {
  const inheritedPort = process.env.RPG_BOT_E2E_PORT;
  const inheritedDataDir = process.env.RPG_BOT_E2E_DATA_DIR;
  if (inheritedPort !== undefined && inheritedDataDir !== undefined) {
    return { port: Number(inheritedPort), dataDir: inheritedDataDir };
  }
  const port = await findFreePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'rpg-bot-e2e-'));
  process.env.RPG_BOT_E2E_PORT = String(port);
  process.env.RPG_BOT_E2E_DATA_DIR = dataDir;
  // The web server is stopped before the runner exits; its database goes with the run.
  process.on('exit', () => {
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { port, dataDir };
}

const { port, dataDir } = await serverSettings();
const baseURL = `http://127.0.0.1:${port}`;
const isRoot = process.getuid?.() === 0;

export default defineConfig({
  testDir: './tests',
  outputDir: './artifacts',
  fullyParallel: false,
  // Two cores: one browser at a time keeps the server and Chromium from starving each other.
  workers: 1,
  forbidOnly: true,
  retries: 0,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    browserName: 'chromium',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: ensureChromium(),
      args: [
        // Chromium's sandbox cannot start as root (CI containers); as another user it stays on.
        ...(isRoot ? ['--no-sandbox'] : []),
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: {
    command: 'node server/dist/main.js',
    cwd: repoRoot,
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    // SIGTERM lets the server close the embedded database cleanly instead of being killed mid-write.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      // Always the embedded database, even when the caller's shell has DATABASE_URL set.
      DATABASE_URL: '',
    },
  },
});
