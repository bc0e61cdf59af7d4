// Paths and workspace discovery shared by every script; scripts may be started from any directory.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root (no trailing slash). */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

/**
 * Absolute path of an installed package's executable in the root node_modules/.bin.
 * @param {string} name
 */
export function binPath(name) {
  return join(repoRoot, 'node_modules', '.bin', name);
}

/**
 * Workspace folders (relative to `root`) named by the root package.json `workspaces` field.
 * Only the two forms npm workspaces are used with here are supported: `dir` and `dir/*`;
 * anything else throws, so a new pattern cannot be silently ignored.
 * @param {string} [root]
 * @returns {string[]}
 */
export function listWorkspaces(root = repoRoot) {
  /** @type {{ workspaces?: unknown }} */
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const patterns = Array.isArray(manifest.workspaces) ? manifest.workspaces : [];
  /** @type {string[]} */
  const dirs = [];
  for (const pattern of patterns) {
    if (typeof pattern !== 'string') throw new Error(`package.json workspaces: ${String(pattern)} is not a string`);
    if (pattern.endsWith('/*') && !pattern.slice(0, -2).includes('*')) {
      const parent = pattern.slice(0, -2);
      const parentPath = join(root, parent);
      if (!existsSync(parentPath)) continue;
      for (const entry of readdirSync(parentPath).sort()) {
        if (existsSync(join(parentPath, entry, 'package.json'))) dirs.push(`${parent}/${entry}`);
      }
    } else if (!pattern.includes('*')) {
      if (existsSync(join(root, pattern, 'package.json'))) dirs.push(pattern);
    } else {
      throw new Error(`package.json workspaces: unsupported pattern "${pattern}" (use "dir" or "dir/*")`);
    }
  }
  return dirs;
}
