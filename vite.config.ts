/**
 * One Vite config for the repository:
 * - `vite build` builds the client PWA from `client/` into `client/dist/`;
 * - `vitest run` runs every workspace's unit and integration tests (tests sit next to the code).
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
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
