// Bundles one Node service (server, relay, jobs) into <service>/dist/main.js with esbuild.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Our workspace packages export TypeScript source, so they must be bundled; every other bare
 * import stays external and is resolved from node_modules at run time. PGlite in particular
 * loads its WASM and data files relative to its own module and breaks when bundled.
 * @type {import('esbuild').Plugin}
 */
const externalDependencies = {
  name: 'external-dependencies',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@rpg-bot/')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

/**
 * Bundled code written as CommonJS (or using `require` for optional features) needs a real
 * `require` in an ES module; esbuild's shim otherwise throws "Dynamic require is not supported".
 */
const requireBanner = [
  "import { createRequire as __rpgBotCreateRequire } from 'node:module';",
  'const require = __rpgBotCreateRequire(import.meta.url);',
].join('\n');

/**
 * @param {string} root repository root
 * @param {string} service workspace folder of the service, e.g. "server"
 * @returns {Promise<void>}
 */
export async function bundleService(root, service) {
  await bundle(root, join(root, service, 'src', 'main.ts'), join(root, service, 'dist'), 'main.js');
}

/**
 * Bundles a provider package (`packages/providers/<name>`) into its `dist/index.js`, which its
 * `exports` name for Node: the jobs service imports providers by package name at run time.
 * @param {string} root repository root
 * @param {string} dir workspace folder of the provider, e.g. "packages/providers/local"
 * @returns {Promise<void>}
 */
export async function bundleProvider(root, dir) {
  await bundle(root, join(root, dir, 'src', 'index.ts'), join(root, dir, 'dist'), 'index.js');
}

/**
 * @param {string} root
 * @param {string} entry
 * @param {string} outDir
 * @param {string} outName
 */
async function bundle(root, entry, outDir, outName) {
  await rm(outDir, { recursive: true, force: true });
  // Loaded on demand: `npm start` with an up-to-date build must not start esbuild's service process.
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile: join(outDir, outName),
    // Our workspace packages' TypeScript source (providers export it under this condition).
    conditions: ['rpg-bot-source'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    loader: { '.json': 'json' },
    banner: { js: requireBanner },
    plugins: [externalDependencies],
    logLevel: 'warning',
    legalComments: 'none',
  });
  if (result.errors.length > 0) throw new Error(`esbuild failed for ${entry}`);
}
