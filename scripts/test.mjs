#!/usr/bin/env node
// `npm test`: everything CI runs, in order, stopping at the first failure. There are deliberately
// no switches to skip steps: what passes here is what passes in CI.
import { ensureChromium } from './lib/chromium.mjs';
import { npmCommand, run, signalChildren } from './lib/child-process.mjs';
import { startThrowawayCluster } from './lib/postgres-cluster.mjs';
import { binPath, repoRoot } from './lib/repo.mjs';
import { buildStale } from './lib/stale-build.mjs';
import { runSteps } from './lib/steps.mjs';

/** Cleanups that must run however we leave: normal end, failure, Ctrl-C or SIGTERM from CI. */
const cleanups = new Set();

/**
 * @param {NodeJS.Signals} signal
 */
async function onSignal(signal) {
  process.stderr.write(`\nnpm test: ${signal} received, stopping\n`);
  // Ctrl-C already reached the children through the terminal; SIGTERM from CI did not.
  if (signal !== 'SIGINT') signalChildren(signal);
  await Promise.allSettled([...cleanups].map((cleanup) => cleanup()));
  process.exit(signal === 'SIGINT' ? 130 : 143);
}
process.once('SIGINT', (signal) => void onSignal(signal));
process.once('SIGTERM', (signal) => void onSignal(signal));

const npm = (/** @type {string[]} */ ...args) => run(...npmCommand(args), { cwd: repoRoot });

function loudBanner(/** @type {string} */ reason) {
  const lines = [
    'REAL POSTGRESQL TESTS SKIPPED',
    reason,
    'Only the embedded database (PGlite) was tested. Install the PostgreSQL server',
    'package (e.g. `sudo apt-get install postgresql`) to run them.',
  ];
  const width = Math.max(...lines.map((l) => l.length));
  const bar = '!'.repeat(width + 8);
  process.stdout.write(`\n${bar}\n${lines.map((l) => `!!! ${l.padEnd(width)} !!!`).join('\n')}\n${bar}\n\n`);
}

/**
 * The throwaway PostgreSQL server lives from before the unit tests until after the e2e tests
 * (scale-out e2e tests start the services alone against it). `null` = no server binaries.
 * @type {{ url: string, stop(): Promise<void> } | null}
 */
let cluster = null;
/** @type {string | null} */
let skipReason = null;

async function startPostgres() {
  cluster = await startThrowawayCluster({
    onUnavailable: (reason) => {
      skipReason = reason;
    },
  });
  if (cluster === null) {
    loudBanner(skipReason ?? 'PostgreSQL server binaries not found');
    return 'SKIPPED (no server binaries)';
  }
  cleanups.add(cluster.stop);
  return cluster.url;
}

/** Environment for test runners: TEST_DATABASE_URL when a real server runs. */
function testEnv(/** @type {Record<string, string>} */ extra = {}) {
  return { ...process.env, ...(cluster === null ? {} : { TEST_DATABASE_URL: cluster.url }), ...extra };
}

async function unitAndIntegrationTests() {
  await run(binPath('vitest'), ['run'], { cwd: repoRoot, env: testEnv() });
  if (cluster === null) {
    loudBanner(skipReason ?? 'PostgreSQL server binaries not found');
    return 'real PostgreSQL SKIPPED (no server binaries)';
  }
  return 'PGlite and real PostgreSQL';
}

/** @type {string | null} */
let chromiumPath = null;

const { ok } = await runSteps([
  { name: 'typecheck', run: () => run(process.execPath, ['scripts/typecheck.mjs'], { cwd: repoRoot }) },
  { name: 'lint', run: () => npm('run', 'lint') },
  { name: 'contracts lint', run: () => npm('run', 'lint:contracts') },
  { name: 'throwaway PostgreSQL', run: startPostgres },
  { name: 'unit + integration tests', run: unitAndIntegrationTests },
  {
    name: 'build',
    run: async () => {
      const results = await buildStale();
      const built = results.filter((r) => r.status === 'built').map((r) => r.name);
      return built.length === 0 ? 'all up to date' : `built ${built.join(', ')}`;
    },
  },
  {
    name: 'chromium',
    run: () => {
      chromiumPath = ensureChromium();
      process.stdout.write(`using ${chromiumPath}\n`);
      return Promise.resolve(chromiumPath);
    },
  },
  {
    name: 'e2e tests',
    run: () =>
      run(binPath('playwright'), ['test', '-c', 'e2e/playwright.config.ts'], {
        cwd: repoRoot,
        env: testEnv(chromiumPath === null ? {} : { CHROMIUM_PATH: chromiumPath }),
      }),
  },
]);
await Promise.allSettled([...cleanups].map((cleanup) => cleanup()));
process.exitCode = ok ? 0 : 1;
