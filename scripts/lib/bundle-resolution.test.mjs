// A service bundle (server, relay, jobs) contains the code of every workspace package it uses, but
// leaves their dependencies external: at run time they resolve from <service>/dist, not from the
// package that imports them. If the two resolve to different copies (the hoisted lru-cache 5 against
// the relay's lru-cache 11), the source passes its tests and the bundle breaks at start. This test
// checks, without building, that each external dependency of each bundled workspace resolves to
// the same version from the service's dist folder as from the workspace itself.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listWorkspaces, repoRoot } from './repo.mjs';

const SERVICES = ['server', 'relay', 'jobs'];

/** @type {Map<string, string>} package name → workspace folder */
const workspaceByName = new Map(
  listWorkspaces().map((dir) => [JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8')).name, dir]),
);

/** @param {string} dir @returns {{ dependencies?: Record<string, string> }} */
const manifestOf = (dir) => JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8'));

/** The workspaces a service bundles: itself and its @rpg-bot dependencies, transitively. @param {string} service */
function bundled(service) {
  const seen = new Set([service]);
  const queue = [service];
  while (queue.length > 0) {
    const dir = queue.shift() ?? '';
    for (const name of Object.keys(manifestOf(dir).dependencies ?? {})) {
      const dep = workspaceByName.get(name);
      if (dep !== undefined && !seen.has(dep)) {
        seen.add(dep);
        queue.push(dep);
      }
    }
  }
  return [...seen];
}

/**
 * The version of `name` that Node's resolution finds from a file in `fromDir`, or undefined when
 * it finds none. Reads the nearest package.json above the resolved entry (some packages export no
 * package.json).
 * @param {string} fromDir @param {string} name
 */
function resolvedVersion(fromDir, name) {
  const require = createRequire(join(fromDir, 'resolve-from.js'));
  let entry;
  try {
    entry = require.resolve(name);
  } catch {
    // ESM-only packages without a "require" condition: find the folder along the lookup paths.
    const folder = (require.resolve.paths(name) ?? []).map((base) => join(base, name)).find((path) => existsSync(join(path, 'package.json')));
    return folder === undefined ? undefined : JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')).version;
  }
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    if (manifest.name === name) return manifest.version;
  }
  return undefined;
}

describe('service bundles resolve the dependencies their code was tested with', () => {
  it.each(SERVICES)('%s/dist: every external dependency of every bundled workspace is the same version as in that workspace', (service) => {
    const dist = join(repoRoot, service, 'dist');
    const mismatches = [];
    for (const dir of bundled(service)) {
      for (const name of Object.keys(manifestOf(dir).dependencies ?? {})) {
        if (workspaceByName.has(name)) continue;
        const tested = resolvedVersion(join(repoRoot, dir, 'src'), name);
        const shipped = resolvedVersion(dist, name);
        if (tested !== shipped) mismatches.push(`${dir} uses ${name}@${String(tested)}, ${service}/dist resolves ${name}@${String(shipped)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('would notice a mismatch: the hoisted lru-cache is not the one the services declare', () => {
    // The case that broke `npm start` once: from the repository root Node finds another major.
    const hoisted = resolvedVersion(repoRoot, 'lru-cache');
    const relays = resolvedVersion(join(repoRoot, 'relay', 'src'), 'lru-cache');
    expect(relays).toMatch(/^11\./);
    expect(hoisted).not.toBe(relays);
  });
});
