#!/usr/bin/env node
// `npm run typecheck`: `tsc -p` for the root tsconfig.json, every workspace's and the scripts' own
// (JSDoc-typed JavaScript), two at a time (CI machines have two cores), each output line prefixed
// with its project; fails if any fails.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { run } from './lib/child-process.mjs';
import { formatDuration } from './lib/steps.mjs';
import { binPath, listWorkspaces, repoRoot } from './lib/repo.mjs';

const projects = ['.', ...listWorkspaces(), 'scripts', 'bench'].filter((dir) => existsSync(join(repoRoot, dir, 'tsconfig.json')));
const width = Math.max(...projects.map((p) => (p === '.' ? 4 : p.length)));
const concurrency = Math.max(1, Math.min(2, availableParallelism()));

/** @type {string[]} */
const failed = [];
let next = 0;

async function worker() {
  while (next < projects.length) {
    const project = projects[next];
    next += 1;
    if (project === undefined) break;
    const label = (project === '.' ? 'root' : project).padEnd(width);
    const started = performance.now();
    try {
      await run(binPath('tsc'), ['-p', join(project, 'tsconfig.json'), '--pretty', 'false'], {
        cwd: repoRoot,
        prefix: `[${label}] `,
      });
      process.stdout.write(`[${label}] ok in ${formatDuration(performance.now() - started)}\n`);
    } catch {
      failed.push(project);
      process.stdout.write(`[${label}] FAILED in ${formatDuration(performance.now() - started)}\n`);
    }
  }
}

await Promise.all(Array.from({ length: concurrency }, () => worker()));
if (failed.length > 0) {
  process.stderr.write(`typecheck failed in: ${failed.join(', ')}\n`);
  process.exitCode = 1;
} else {
  process.stdout.write(`typecheck ok: ${projects.length} projects\n`);
}
