// What `npm run build` produces and which source files each output depends on.
import { join } from 'node:path';
import { buildClient } from './build-client.mjs';
import { bundleProvider, bundleService } from './bundle-service.mjs';
import { listWorkspaces } from './repo.mjs';

/**
 * @typedef {object} BuildTarget
 * @property {string} name
 * @property {string} outDir absolute output folder (holds the stamp)
 * @property {string} mainFile file inside outDir whose absence means "not built"
 * @property {string[]} inputs files and folders (relative to the root) that can change the output
 * @property {() => Promise<void>} build
 */

/**
 * Which workspaces' source each service bundles, besides the shared packages: the all-in-one
 * server imports the relay and jobs modules, so their sources are its inputs too.
 * @type {Record<string, string[]>}
 */
const SERVICE_WORKSPACES = {
  server: ['server', 'relay', 'jobs'],
  relay: ['relay'],
  jobs: ['jobs'],
};

/**
 * Inputs every target shares: shared packages (source and manifest, whose `exports` steer
 * resolution), wire contracts, the lock file (external dependency versions), the compiler
 * settings and the build scripts themselves.
 * @param {string} root
 * @returns {string[]}
 */
function sharedInputs(root) {
  const packages = listWorkspaces(root).filter((dir) => dir.startsWith('packages/'));
  return [
    ...packages.flatMap((dir) => [`${dir}/src`, `${dir}/package.json`]),
    'contracts',
    'package-lock.json',
    'tsconfig.json',
    'scripts/lib/build-targets.mjs',
  ];
}

/**
 * @param {string} root repository root
 * @returns {BuildTarget[]}
 */
export function buildTargets(root) {
  const shared = sharedInputs(root);
  /** @type {BuildTarget[]} */
  const services = Object.entries(SERVICE_WORKSPACES).map(([service, workspaces]) => ({
    name: service,
    outDir: join(root, service, 'dist'),
    mainFile: 'main.js',
    inputs: [
      ...shared,
      ...workspaces.flatMap((dir) => [`${dir}/src`, `${dir}/package.json`]),
      'scripts/lib/bundle-service.mjs',
    ],
    build: () => bundleService(root, service),
  }));
  // Provider packages are imported by name at run time (TTS_PROVIDER=…), so each is its own bundle.
  /** @type {BuildTarget[]} */
  const providers = listWorkspaces(root)
    .filter((dir) => dir.startsWith('packages/providers/'))
    .map((dir) => ({
      name: dir.slice('packages/'.length),
      outDir: join(root, dir, 'dist'),
      mainFile: 'index.js',
      inputs: [...shared, 'scripts/lib/bundle-service.mjs'],
      build: () => bundleProvider(root, dir),
    }));
  return [
    ...services,
    ...providers,
    {
      name: 'client',
      outDir: join(root, 'client', 'dist'),
      mainFile: 'index.html',
      inputs: [...shared, 'client', 'vite.config.ts', 'scripts/lib/build-client.mjs'],
      build: () => buildClient(root),
    },
  ];
}
