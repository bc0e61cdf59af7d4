#!/usr/bin/env node
// `npm run relay -- <command> …`: the relay's admin commands (e.g. `repair-doc <docId>`), run
// from the built relay after building what is stale. Build lines go to stderr; the command's
// report is the only stdout.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildStale } from './lib/stale-build.mjs';
import { buildTargets } from './lib/build-targets.mjs';
import { repoRoot } from './lib/repo.mjs';

const log = (/** @type {string} */ line) => process.stderr.write(`${line}\n`);
try {
  await buildStale({ log, targets: buildTargets(repoRoot).filter((target) => target.name === 'relay') });
} catch (error) {
  log(`build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
const run = spawnSync(process.execPath, [join(repoRoot, 'relay', 'dist', 'main.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exitCode = run.status ?? 1;
