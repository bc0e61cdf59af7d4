import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureChromium } from './chromium.mjs';

/** @type {string} */
let dir;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'chromium-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fakeExecutable(/** @type {string} */ name) {
  const path = join(dir, name);
  await writeFile(path, '#!/bin/sh\n');
  await chmod(path, 0o755);
  return path;
}

const quiet = { log: () => undefined, mayInstall: false };

describe('ensureChromium', () => {
  it('uses CHROMIUM_PATH when it is set', async () => {
    const browser = await fakeExecutable('my-chrome');
    expect(ensureChromium({ ...quiet, env: { CHROMIUM_PATH: browser } })).toBe(browser);
  });

  it('rejects a CHROMIUM_PATH that does not exist, saying how to fix it', () => {
    expect(() => ensureChromium({ ...quiet, env: { CHROMIUM_PATH: join(dir, 'nope') } })).toThrow(/CHROMIUM_PATH=.*nope.*apt-get install chromium/);
  });

  it('prefers a standard location, then searches PATH', async () => {
    const standard = await fakeExecutable('standard-chromium');
    const onPath = await fakeExecutable('chromium');
    expect(ensureChromium({ ...quiet, env: { PATH: dir }, standardPaths: [standard] })).toBe(standard);
    expect(ensureChromium({ ...quiet, env: { PATH: dir }, standardPaths: [join(dir, 'absent')] })).toBe(onPath);
  });

  it('explains how to get a browser when there is none and installing is not possible', () => {
    expect(() => ensureChromium({ ...quiet, env: { PATH: dir }, standardPaths: [] })).toThrow(
      /No Chromium found.*sudo apt-get install chromium.*CHROMIUM_PATH/,
    );
  });
});
