#!/usr/bin/env node
// `npm start`: build what is stale, then run the all-in-one server in this very process, so
// Ctrl-C (SIGINT) reaches the server's own shutdown handler without a parent in between.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildStale } from './lib/stale-build.mjs';
import { repoRoot } from './lib/repo.mjs';

// Build lines go to stderr: the server's stdout is JSON log lines, and must stay parseable.
const log = (/** @type {string} */ line) => process.stderr.write(`${line}\n`);

let built = false;
try {
  await buildStale({ log });
  built = true;
} catch (error) {
  // esbuild and Vite have already printed the details with file and line; a stack adds nothing.
  log(`build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
if (built) await import(pathToFileURL(join(repoRoot, 'server', 'dist', 'main.js')).href);
