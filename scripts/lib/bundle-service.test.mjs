import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleService } from './bundle-service.mjs';

/** @type {string} */
let root;

/**
 * A miniature repository: a service importing a workspace package (TypeScript source, linked in
 * node_modules like npm workspaces do), a JSON file and an ordinary installed dependency.
 */
async function writeFixture() {
  const files = {
    'packages/greeting/package.json': JSON.stringify({ name: '@rpg-bot/greeting', type: 'module', exports: { '.': './src/index.ts' } }),
    'packages/greeting/src/index.ts': "export const greet = (name: string): string => `hello ${name} from workspace`;\n",
    'node_modules/external-dep/package.json': JSON.stringify({ name: 'external-dep', type: 'module', exports: './index.js' }),
    'node_modules/external-dep/index.js': "export const marker = 'EXTERNAL_SOURCE_MARKER';\n",
    'svc/src/settings.json': JSON.stringify({ who: 'json' }),
    'svc/src/main.ts': [
      "import { greet } from '@rpg-bot/greeting';",
      "import { marker } from 'external-dep';",
      "import settings from './settings.json';",
      'console.log(greet(settings.who), marker);',
      '',
    ].join('\n'),
  };
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), content);
  }
  await mkdir(join(root, 'node_modules/@rpg-bot'), { recursive: true });
  await symlink(join(root, 'packages/greeting'), join(root, 'node_modules/@rpg-bot/greeting'));
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bundle-service-'));
  await writeFixture();
  await bundleService(root, 'svc');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('bundleService', () => {
  it('produces a runnable ES module with a source map', async () => {
    const output = execFileSync(process.execPath, [join(root, 'svc/dist/main.js')], { encoding: 'utf8' });
    expect(output.trim()).toBe('hello json from workspace EXTERNAL_SOURCE_MARKER');
    const map = JSON.parse(await readFile(join(root, 'svc/dist/main.js.map'), 'utf8'));
    expect(map.sources.some((/** @type {string} */ s) => s.endsWith('src/main.ts'))).toBe(true);
  });

  it('bundles workspace packages and JSON but leaves installed dependencies external', async () => {
    const code = await readFile(join(root, 'svc/dist/main.js'), 'utf8');
    expect(code).toContain('from workspace');
    expect(code).not.toContain('@rpg-bot/greeting');
    expect(code).toMatch(/from ["']external-dep["']/);
    expect(code).not.toContain('EXTERNAL_SOURCE_MARKER');
  });
});
