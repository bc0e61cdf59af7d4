// Every workspace says what it is: each file its package.json exports exists, and every package
// its sources import (tests included) is one it declares — so a workspace never works only because
// a sibling happened to install something (issue 8 §5).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTargets } from './build-targets.mjs';
import { listWorkspaces, repoRoot } from './repo.mjs';

/** @param {unknown} node @returns {string[]} every string in an `exports` value */
function targets(node) {
  if (typeof node === 'string') return [node];
  if (node === null || typeof node !== 'object') return [];
  return Object.values(node).flatMap(targets);
}

/** @param {string} dir @returns {string[]} source files under dir (no node_modules, dist) */
function sources(dir) {
  if (!existsSync(dir)) return [];
  /** @type {string[]} */
  const found = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist' || entry === 'generated' || entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...sources(path));
    else if (/\.(ts|tsx|mts|mjs)$/.test(entry) && !entry.endsWith('.d.ts')) found.push(path);
  }
  return found;
}

/** The package a bare specifier names (`@scope/name/sub` → `@scope/name`), or undefined for relative/builtin. */
function packageOf(/** @type {string} */ specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:') || specifier.startsWith('virtual:')) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? specifier);
  return builtinModules.includes(name) ? undefined : name;
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s(?:[^'"]*?\sfrom\s)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

const workspaces = listWorkspaces();
/**
 * The test runner is the repository's (root devDependency, one version for every workspace), like
 * the linters; everything else a workspace imports it declares itself.
 */
const REPO_TOOLS = new Set(['vitest']);

describe('workspace manifests', () => {
  it.each(workspaces)('%s: every exported file exists', (dir) => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8'));
    // `dist/…` targets (provider bundles) are made by `npm run build`: one of its targets must produce them.
    const built = (/** @type {string} */ target) =>
      buildTargets(repoRoot).some((t) => join(t.outDir, t.mainFile) === join(repoRoot, dir, target));
    const missing = targets(manifest.exports).filter(
      (target) => !target.includes('*') && !existsSync(join(repoRoot, dir, target)) && !(target.startsWith('./dist/') && built(target)),
    );
    expect(missing).toEqual([]);
  });

  it.each(workspaces)('%s: every package its sources import is declared in its package.json', (dir) => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8'));
    const declared = new Set([manifest.name, ...Object.keys({ ...manifest.dependencies, ...manifest.devDependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies })]);
    /** @type {string[]} */
    const undeclared = [];
    for (const file of sources(join(repoRoot, dir))) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(IMPORT)) {
        const name = packageOf(match[1] ?? match[2] ?? '');
        if (name !== undefined && !declared.has(name) && !REPO_TOOLS.has(name)) undeclared.push(`${file.slice(repoRoot.length + 1)} imports ${name}`);
      }
    }
    expect([...new Set(undeclared)]).toEqual([]);
  });
});
