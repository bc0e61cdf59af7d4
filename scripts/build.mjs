#!/usr/bin/env node
// `npm run build` (always with --force) and `node scripts/build.mjs` (stale targets only):
// bundles server, relay and jobs into <service>/dist/main.js and builds the client into client/dist.
import { buildStale } from './lib/stale-build.mjs';

const force = process.argv.slice(2).includes('--force');
try {
  await buildStale({ force });
} catch (error) {
  // esbuild and Vite have already printed the details with file and line; a stack adds nothing.
  process.stderr.write(`build failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
