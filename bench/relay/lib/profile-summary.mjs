// Reads the V8 CPU profiles (`--cpu-prof`) of a folder and lists the functions with the most self
// time: a first look at where a server spends a scenario, without opening DevTools.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @typedef {object} ProfileNode
 * @property {number} id
 * @property {{ functionName: string, url: string, lineNumber: number }} callFrame
 * @property {number} [hitCount]
 */

/** Buckets for the coarse split, first match wins (matched against "name url"). */
const CATEGORIES = /** @type {const} */ ([
  ['idle', /^\((idle|program)\)/],
  ['garbage collection', /^\(garbage collector\)/],
  ['database (PGlite JS + WASM)', /pglite|wasm:\/\/|^(fstat|open|read|write|close|fsync|hexSlice|hexWrite) ?$/],
  ['database (pg driver)', /node_modules\/pg(-[a-z]+)?\//],
  ['Yjs / lib0', /yjs\/|lib0\//],
  ['sockets (ws, net, streams)', /ws\/lib|node:internal\/(streams|stream_base|net)|^(writev|writeBuffer|writeUtf8String) ?$/],
  ['relay / server code', /server\/dist|server\/|bench\//],
]);

/**
 * @param {string} dir
 * @param {number} [top]
 * @returns {string} a coarse split by category, then one line per function: share of samples, self ms, name, file:line
 */
export function summarizeProfiles(dir, top = 12) {
  /** @type {Map<string, number>} */
  const selfMs = new Map();
  let totalMs = 0;
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
    const profile = /** @type {{ nodes: ProfileNode[], startTime: number, endTime: number, samples: number[] }} */ (
      JSON.parse(readFileSync(join(dir, file), 'utf8'))
    );
    const msPerSample = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);
    for (const node of profile.nodes) {
      const { functionName, url, lineNumber } = node.callFrame;
      const where = url === '' ? '' : ` ${url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*\/(server|bench)\//, '$1/')}:${lineNumber + 1}`;
      const key = `${functionName === '' ? '(anonymous)' : functionName}${where}`;
      const ms = (node.hitCount ?? 0) * msPerSample;
      selfMs.set(key, (selfMs.get(key) ?? 0) + ms);
      totalMs += ms;
    }
  }
  /** @type {Map<string, number>} */
  const byCategory = new Map();
  for (const [key, ms] of selfMs) {
    const category = CATEGORIES.find(([, pattern]) => pattern.test(key))?.[0] ?? 'other (node internals, V8 builtins)';
    byCategory.set(category, (byCategory.get(category) ?? 0) + ms);
  }
  /** @param {[string, number][]} entries */
  const lines = (entries) =>
    entries.sort((a, b) => b[1] - a[1]).map(([key, ms]) => `${((ms / Math.max(1, totalMs)) * 100).toFixed(1).padStart(5)}%  ${ms.toFixed(0).padStart(7)} ms  ${key}`);
  return [...lines([...byCategory]), '  top functions:', ...lines([...selfMs]).slice(0, top)].join('\n');
}
