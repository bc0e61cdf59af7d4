import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listWorkspaces, repoRoot } from './repo.mjs';

/** @type {string} */
let root;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'workspaces-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function writeManifest(/** @type {string} */ dir, /** @type {object} */ manifest = {}) {
  await mkdir(join(root, dir), { recursive: true });
  await writeFile(join(root, dir, 'package.json'), JSON.stringify(manifest));
}

describe('listWorkspaces', () => {
  it('expands "dir/*" and keeps plain folders that hold a package.json', async () => {
    await writeManifest('.', { workspaces: ['packages/*', 'relay', 'missing'] });
    await writeManifest('packages/b');
    await writeManifest('packages/a');
    await mkdir(join(root, 'packages/not-a-package'), { recursive: true });
    await writeManifest('relay');
    expect(listWorkspaces(root)).toEqual(['packages/a', 'packages/b', 'relay']);
  });

  it('refuses glob patterns it does not understand instead of skipping them', async () => {
    await writeManifest('.', { workspaces: ['apps/**'] });
    expect(() => listWorkspaces(root)).toThrow('unsupported pattern');
  });

  it('finds this repository and its client', () => {
    expect(listWorkspaces(repoRoot)).toContain('client');
  });
});
