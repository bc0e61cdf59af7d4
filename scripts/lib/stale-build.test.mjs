import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STAMP_FILE } from './build-stamp.mjs';
import { buildStale } from './stale-build.mjs';

/** @type {string} */
let root;
/** @type {string[]} */
let builds;
/** @type {string[]} */
let lines;

/** A target whose "build" copies a marker into its output, recording that it ran. */
function fakeTarget(/** @type {string} */ name) {
  const outDir = join(root, name, 'dist');
  return {
    name,
    outDir,
    mainFile: 'main.js',
    inputs: [`${name}/src`, 'shared'],
    build: async () => {
      builds.push(name);
      await rm(outDir, { recursive: true, force: true });
      await mkdir(outDir, { recursive: true });
      await writeFile(join(outDir, 'main.js'), `// ${name}\n`);
    },
  };
}

const build = (/** @type {{ force?: boolean }} */ options = {}) =>
  buildStale({ ...options, root, targets: [fakeTarget('one'), fakeTarget('two')], log: (line) => lines.push(line) });

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'stale-build-'));
  builds = [];
  lines = [];
  for (const dir of ['one/src', 'two/src', 'shared']) await mkdir(join(root, dir), { recursive: true });
  await writeFile(join(root, 'one/src/main.ts'), 'one\n');
  await writeFile(join(root, 'two/src/main.ts'), 'two\n');
  await writeFile(join(root, 'shared/lib.ts'), 'shared\n');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('buildStale', () => {
  it('builds everything the first time and nothing the second time', async () => {
    const first = await build();
    expect(first.map((r) => r.status)).toEqual(['built', 'built']);
    expect(existsSync(join(root, 'one/dist', STAMP_FILE))).toBe(true);

    builds = [];
    const second = await build();
    expect(second.map((r) => r.status)).toEqual(['up to date', 'up to date']);
    expect(builds).toEqual([]);
    expect(lines.slice(-2)).toEqual(['one  up to date', 'two  up to date']);
    expect(lines[0]).toMatch(/^one {2}built in \d+ ms$/);
  });

  it('rebuilds only the target whose own input changed', async () => {
    await build();
    builds = [];
    await writeFile(join(root, 'two/src/main.ts'), 'two, edited\n');
    await build();
    expect(builds).toEqual(['two']);
  });

  it('rebuilds every target when a shared input changed', async () => {
    await build();
    builds = [];
    await writeFile(join(root, 'shared/lib.ts'), 'shared, edited\n');
    await build();
    expect(builds).toEqual(['one', 'two']);
  });

  it('rebuilds a target whose output was deleted', async () => {
    await build();
    builds = [];
    await rm(join(root, 'one/dist/main.js'));
    await build();
    expect(builds).toEqual(['one']);
  });

  it('rebuilds everything with force', async () => {
    await build();
    builds = [];
    await build({ force: true });
    expect(builds).toEqual(['one', 'two']);
  });

  it('writes no stamp when a build fails, so the next run tries again', async () => {
    const failing = { ...fakeTarget('one'), build: () => Promise.reject(new Error('syntax error')) };
    await expect(buildStale({ root, targets: [failing], log: (line) => lines.push(line) })).rejects.toThrow('syntax error');
    expect(lines).toEqual(['one  FAILED']);
    expect(existsSync(join(root, 'one/dist', STAMP_FILE))).toBe(false);
  });
});
