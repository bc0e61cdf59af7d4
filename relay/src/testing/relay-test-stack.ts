// Test support (not exported): boots the relay over real HTTP on port 0, on embedded PGlite and —
// when TEST_DATABASE_URL is set — on a fresh database of a real PostgreSQL server.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@rpg-bot/config';
import type { Logger } from '@rpg-bot/observability';
import { bootStack } from '@rpg-bot/runtime';
import type { RunningStack, ServiceModule } from '@rpg-bot/runtime';
import { stackTestBackends } from '@rpg-bot/runtime/testing';
import type { StackTestBackend } from '@rpg-bot/runtime/testing';
import { relayModule } from '../relay-module';

export type TestBackend = StackTestBackend;

/** PGlite always; PostgreSQL when `TEST_DATABASE_URL` is set (a warning says so when it is not). */
export const testBackends = stackTestBackends;

/** A clock tests move forward (never back: tokens issued "later" would not be valid yet). */
export interface TestClock {
  now: number;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly json: unknown;
}

export interface RelayUnderTest {
  readonly stack: RunningStack;
  readonly clock: TestClock;
  call(method: string, path: string, options?: { token?: string; body?: unknown; rawBody?: string }): Promise<ApiResponse>;
  close(): Promise<void>;
}

export const BOT_TOKEN = '123456:TEST-bot-token-for-relay-tests';

/**
 * Boots the relay with rate limiting off (the clock stands still) and the given extra environment;
 * `module` replaces `relayModule` (e.g. one with manual timers); `logger` captures the log.
 */
export async function bootRelay(
  backend: TestBackend,
  env: Record<string, string> = {},
  module: ServiceModule = relayModule,
  logger?: Logger,
): Promise<RelayUnderTest> {
  const { env: dbEnv, cleanup } = await backend.setup();
  const dataDir = await mkdtemp(join(tmpdir(), 'rpgbot-relay-test-'));
  const clock: TestClock = { now: Date.parse('2026-11-24T10:00:00.000Z') };
  const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', RATE_LIMIT_ENABLED: '0', ...dbEnv, ...env });
  const stack = await bootStack({ config, modules: [module], version: 'test', clock: () => clock.now, ...(logger === undefined ? {} : { logger }) });
  return {
    stack,
    clock,
    async call(method, path, options = {}) {
      const headers: Record<string, string> = {};
      if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
      let body: string | undefined;
      if (options.rawBody !== undefined || options.body !== undefined) {
        headers['content-type'] = 'application/json';
        body = options.rawBody ?? JSON.stringify(options.body);
      }
      const response = await fetch(new URL(path, stack.url), { method, headers, ...(body === undefined ? {} : { body }) });
      const text = await response.text();
      return { status: response.status, headers: response.headers, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
    },
    async close() {
      await stack.close();
      await cleanup();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
