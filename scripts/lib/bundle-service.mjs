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
  const outDir = join(root, service, 'dist');
  await rm(outDir, { recursive: true, force: true });
  // Loaded on demand: `npm start` with an up-to-date build must not start esbuild's service process.
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: root,
    entryPoints: [join(root, service, 'src', 'main.ts')],
    outfile: join(outDir, 'main.js'),
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
  if (result.errors.length > 0) throw new Error(`esbuild failed for ${service}`);
}
