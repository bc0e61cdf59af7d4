// The stamp records which inputs an output was built from; it lives inside the output so deleting
// the output also deletes the stamp and forces a rebuild.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const STAMP_FILE = '.build-stamp.json';

/**
 * The input hash the output in `outDir` was built from, or null when the output or its stamp is
 * missing or unreadable (all of which mean "rebuild").
 * @param {string} outDir
 * @param {string} mainFile a file the output must contain to count as present
 * @returns {Promise<string | null>}
 */
export async function readStamp(outDir, mainFile) {
  if (!existsSync(join(outDir, mainFile))) return null;
  try {
    /** @type {unknown} */
    const stamp = JSON.parse(await readFile(join(outDir, STAMP_FILE), 'utf8'));
    if (typeof stamp === 'object' && stamp !== null && 'hash' in stamp && typeof stamp.hash === 'string') return stamp.hash;
    return null;
  } catch {
    return null;
  }
}

/**
 * @param {string} outDir
 * @param {{ hash: string, fileCount: number }} inputs
 */
export async function writeStamp(outDir, inputs) {
  const stamp = { hash: inputs.hash, inputFiles: inputs.fileCount };
  await writeFile(join(outDir, STAMP_FILE), `${JSON.stringify(stamp, null, 2)}\n`);
}
