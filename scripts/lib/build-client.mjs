// Builds the client with Vite using the root vite.config.ts (output: client/dist).
import { join } from 'node:path';

/**
 * @param {string} root repository root
 * @returns {Promise<void>}
 */
export async function buildClient(root) {
  // The config's `root: 'client'` is relative to the working directory; pin it so the build
  // works no matter where the script was started from.
  // Vite sets NODE_ENV=production for the build; put it back so processes started later by the
  // same script (the server, the test runners) see the environment the user gave.
  const nodeEnv = process.env.NODE_ENV;
  // Loaded on demand: `npm start` with an up-to-date build must not carry Vite in the server process.
  const { build } = await import('vite');
  try {
    await build({
      configFile: join(root, 'vite.config.ts'),
      root: join(root, 'client'),
      logLevel: 'warn',
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}
