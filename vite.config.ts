/**
 * One Vite config for the repository:
 * - `vite build` builds the client PWA from `client/` into `client/dist/`;
 * - `npx vite` serves the client with hot reload and forwards API calls to a server started with
 *   `npm start` on :8787, so the app talks to the same origin in development and production;
 * - `vitest run` runs every workspace's unit and integration tests (tests sit next to the code).
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/** Where `npm start` listens by default (HOST/PORT defaults of the server). */
const apiTarget = 'http://127.0.0.1:8787';

export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    proxy: {
      '/v1': { target: apiTarget, ws: true },
      '/healthz': apiTarget,
      '/readyz': apiTarget,
    },
  },
  test: {
    root: '.',
    include: ['{packages,relay,jobs,server,client}/**/src/**/*.test.{ts,tsx}', 'scripts/**/*.test.mjs'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PGlite instances are heavy (WASM); two cores on CI — keep parallelism modest.
    pool: 'forks',
    maxWorkers: 2,
  },
});
