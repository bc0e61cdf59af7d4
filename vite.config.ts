/**
 * One Vite config for the repository:
 * - `vite build` builds the client PWA from `client/` into `client/dist/`, with a Workbox service
 *   worker (vite-plugin-pwa, generateSW) that precaches the shell and every lazy feature chunk so
 *   the app cold-starts offline after one online visit;
 * - `npx vite` serves the client with hot reload and forwards API calls to a server started with
 *   `npm start` on :8787, so the app talks to the same origin in development and production;
 * - `vitest run` runs every workspace's unit and integration tests (tests sit next to the code).
 */
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';

/** Where `npm start` listens by default (HOST/PORT defaults of the server). */
const apiTarget = 'http://127.0.0.1:8787';

export default defineConfig({
  root: 'client',
  plugins: [
    react(),
    VitePWA({
      // Tests import client modules only; they need no service worker.
      disable: process.env.VITEST !== undefined,
      strategies: 'generateSW',
      // The shell registers with workbox-window (client/src/shell/pwa.ts) and asks before updating.
      registerType: 'prompt',
      injectRegister: false,
      filename: 'sw.js',
      manifestFilename: 'manifest.webmanifest',
      includeAssets: ['favicon.svg', 'apple-touch-icon.png'],
      manifest: {
        name: 'RPG-Bot',
        short_name: 'RPG-Bot',
        description: 'An offline-first campaign companion for tabletop RPG groups.',
        lang: 'en',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#f7f5f0',
        theme_color: '#1f2a44',
        icons: [
          { src: '/pwa-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/pwa-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        // Every emitted file: the shell and each lazy feature chunk (no runtime fetch of code offline).
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,wasm}'],
        globIgnores: ['**/*.map'],
        maximumFileSizeToCacheInBytes: 5 * 1024 * 1024,
        // Client routes (/campaigns/…, /join/…) open offline from the cached index.html…
        navigateFallback: 'index.html',
        // …but the API and probes are never answered by the service worker.
        navigateFallbackDenylist: [/^\/v1(\/|$)/, /^\/(healthz|readyz|metrics)$/],
        // No runtime caching: local data lives in IndexedDB, the API always goes to the network.
        runtimeCaching: [],
        cleanupOutdatedCaches: true,
        clientsClaim: false,
        skipWaiting: false,
        sourcemap: false,
      },
    }),
  ],
  // Tests load provider packages by name (as the jobs service does); their `rpg-bot-source` export
  // is the TypeScript source, their default export the bundle `npm run build` makes (ADR 0022).
  ssr: {
    resolve: { conditions: ['rpg-bot-source', 'module', 'node', 'development|production'] },
  },
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
    include: ['{packages,relay,jobs,server,client}/**/src/**/*.test.{ts,tsx}', 'scripts/**/*.test.mjs', 'bench/**/*.test.mjs'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PGlite instances are heavy (WASM); two cores on CI — keep parallelism modest.
    pool: 'forks',
    maxWorkers: 2,
  },
});
