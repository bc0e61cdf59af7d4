// Looks executables up on PATH without spawning a shell (`which` is not everywhere).
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * @param {string} path
 * @returns {boolean}
 */
export function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The first `name` found on `pathVariable` (default: this process's PATH), or null.
 * @param {string} name
 * @param {string | undefined} [pathVariable]
 * @returns {string | null}
 */
export function findOnPath(name, pathVariable = process.env.PATH) {
  for (const dir of (pathVariable ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}
