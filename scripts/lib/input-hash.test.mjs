import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashInputs, listInputFiles } from './input-hash.mjs';

/** @type {string} */
let root;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'input-hash-'));
  await mkdir(join(root, 'app/src/nested'), { recursive: true });
  await mkdir(join(root, 'app/dist'), { recursive: true });
  await mkdir(join(root, 'app/node_modules/dep'), { recursive: true });
  await writeFile(join(root, 'app/src/index.ts'), 'export const a = 1;\n');
  await writeFile(join(root, 'app/src/nested/b.ts'), 'export const b = 2;\n');
  await writeFile(join(root, 'app/src/index.test.ts'), 'test\n');
  await writeFile(join(root, 'app/dist/main.js'), 'built\n');
  await writeFile(join(root, 'app/node_modules/dep/index.js'), 'dep\n');
  await writeFile(join(root, 'lock.json'), '{}\n');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('listInputFiles', () => {
  it('lists sources sorted and skips outputs, installed code and tests', async () => {
    expect(await listInputFiles(root, 'app')).toEqual(['app/src/index.ts', 'app/src/nested/b.ts']);
  });

  it('accepts a single file and yields nothing for a missing path', async () => {
    expect(await listInputFiles(root, 'lock.json')).toEqual(['lock.json']);
    expect(await listInputFiles(root, 'nope')).toEqual([]);
  });
});

describe('hashInputs', () => {
  it('is stable for unchanged inputs, whatever their order', async () => {
    const first = await hashInputs(root, ['app', 'lock.json']);
    const second = await hashInputs(root, ['lock.json', 'app']);
    expect(second).toEqual(first);
    expect(first.fileCount).toBe(3);
  });

  it('changes when a source changes, is added or is renamed', async () => {
    const before = await hashInputs(root, ['app']);
    await writeFile(join(root, 'app/src/index.ts'), 'export const a = 2;\n');
    const edited = await hashInputs(root, ['app']);
    expect(edited.hash).not.toBe(before.hash);

    await writeFile(join(root, 'app/src/extra.ts'), 'export {};\n');
    const added = await hashInputs(root, ['app']);
    expect(added.hash).not.toBe(edited.hash);

    await rm(join(root, 'app/src/extra.ts'));
    await writeFile(join(root, 'app/src/renamed.ts'), 'export {};\n');
    expect((await hashInputs(root, ['app'])).hash).not.toBe(added.hash);
  });

  it('ignores changes to outputs, node_modules and tests', async () => {
    const before = await hashInputs(root, ['app']);
    await writeFile(join(root, 'app/dist/main.js'), 'rebuilt\n');
    await writeFile(join(root, 'app/node_modules/dep/index.js'), 'updated\n');
    await writeFile(join(root, 'app/src/index.test.ts'), 'another test\n');
    expect(await hashInputs(root, ['app'])).toEqual(before);
  });

  it('notices when an input that was missing appears', async () => {
    const before = await hashInputs(root, ['app', 'later']);
    await mkdir(join(root, 'later'));
    await writeFile(join(root, 'later/file.ts'), 'x\n');
    expect((await hashInputs(root, ['app', 'later'])).hash).not.toBe(before.hash);
  });
});
