// Content hash of a build target's inputs: the stale check compares it with the stamp in the output.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Folders that are outputs or installed code, never sources. */
const IGNORED_DIRS = new Set(['node_modules', 'dist', 'artifacts', 'coverage', 'test-results', '.git']);

/** Tests are never imported by an entry point, so editing one must not force a rebuild. */
const IGNORED_FILE = /\.test\.(?:ts|tsx|mts|mjs|js)$|\.tsbuildinfo$/;

/**
 * Lists the files under `relPath` (a file or a folder, relative to `root`), sorted, skipping
 * output folders and tests. A missing path yields an empty list.
 * @param {string} root
 * @param {string} relPath
 * @returns {Promise<string[]>}
 */
export async function listInputFiles(root, relPath) {
  let info;
  try {
    info = await stat(join(root, relPath));
  } catch {
    return [];
  }
  if (info.isFile()) return IGNORED_FILE.test(relPath) ? [] : [relPath];
  if (!info.isDirectory()) return [];
  const entries = await readdir(join(root, relPath), { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  /** @type {string[]} */
  const files = [];
  for (const entry of entries) {
    const child = `${relPath}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!IGNORED_DIRS.has(entry.name)) files.push(...(await listInputFiles(root, child)));
    } else if (entry.isFile() && !IGNORED_FILE.test(entry.name)) {
      files.push(child);
    }
  }
  return files;
}

/**
 * SHA-256 over the path and content of every input file. Paths are part of the hash so a rename
 * or a deleted file counts as a change; a missing input contributes a marker instead of failing,
 * because optional inputs (e.g. a package without a src folder yet) are normal.
 * @param {string} root
 * @param {readonly string[]} inputs paths relative to `root`
 * @returns {Promise<{ hash: string, fileCount: number }>}
 */
export async function hashInputs(root, inputs) {
  const hash = createHash('sha256');
  let fileCount = 0;
  for (const input of [...new Set(inputs)].sort()) {
    const files = await listInputFiles(root, input);
    if (files.length === 0) hash.update(`missing\0${input}\0`);
    for (const file of files) {
      hash.update(`file\0${file}\0`);
      hash.update(await readFile(join(root, file)));
      hash.update('\0');
      fileCount += 1;
    }
  }
  return { hash: hash.digest('hex'), fileCount };
}
