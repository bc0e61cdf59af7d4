// Rebuilds only the targets whose inputs changed since their stamp was written.
import { hashInputs } from './input-hash.mjs';
import { buildTargets } from './build-targets.mjs';
import { readStamp, writeStamp } from './build-stamp.mjs';
import { repoRoot } from './repo.mjs';

/**
 * @typedef {object} BuildResult
 * @property {string} name
 * @property {'built' | 'up to date'} status
 * @property {number} ms
 */

/**
 * Builds every stale target (or all with `force`), one after another: the machines this runs on
 * have two cores, and esbuild and Vite each use them fully.
 * @param {{ force?: boolean, log?: (line: string) => void, root?: string, targets?: import('./build-targets.mjs').BuildTarget[] }} [options]
 * @returns {Promise<BuildResult[]>}
 */
export async function buildStale(options = {}) {
  const root = options.root ?? repoRoot;
  const log = options.log ?? ((line) => process.stdout.write(`${line}\n`));
  const targets = options.targets ?? buildTargets(root);
  const width = Math.max(...targets.map((t) => t.name.length));
  /** @type {BuildResult[]} */
  const results = [];
  for (const target of targets) {
    const started = performance.now();
    const inputs = await hashInputs(root, target.inputs);
    const stamped = options.force === true ? null : await readStamp(target.outDir, target.mainFile);
    if (stamped === inputs.hash) {
      results.push({ name: target.name, status: 'up to date', ms: Math.round(performance.now() - started) });
      log(`${target.name.padEnd(width)}  up to date`);
      continue;
    }
    try {
      await target.build();
    } catch (error) {
      log(`${target.name.padEnd(width)}  FAILED`);
      throw error;
    }
    await writeStamp(target.outDir, inputs);
    const ms = Math.round(performance.now() - started);
    results.push({ name: target.name, status: 'built', ms });
    log(`${target.name.padEnd(width)}  built in ${ms} ms`);
  }
  return results;
}
