// Shared by this package's tests (not exported): an app with captured logs, a manual clock and
// a validator shaped like those of @rpg-bot/contracts.
import type { HttpSettings } from '@rpg-bot/config';
import type { ValidationIssue, ValidationResult } from '@rpg-bot/contracts';
import { createLogCapture, createLogger, createMetrics } from '@rpg-bot/observability';
import type { LogCapture, LogEntry, Metrics } from '@rpg-bot/observability';
import type { Hono } from 'hono';
import type { AppEnv } from './app-env';
import { createHttpApp } from './create-http-app';
import type { ReadinessReport } from './probes';

export const defaultSettings: HttpSettings = {
  bodyLimitBytes: 1024,
  corsOrigins: [],
  rateLimitEnabled: true,
  rateLimitPerSecond: 1,
  rateLimitBurst: 3,
  trustProxy: false,
};

export const readyReport: ReadinessReport = {
  status: 'ready',
  checks: { database: { ok: true, latencyMs: 1 }, migrations: { ok: true, pending: [] } },
};

export interface TestApp {
  readonly app: Hono<AppEnv>;
  readonly logs: LogCapture;
  readonly metrics: Metrics;
  /** Moves the injected clock forward. */
  readonly advance: (ms: number) => void;
  /** Log entries whose msg is `msg`. */
  readonly linesWith: (msg: string) => LogEntry[];
}

export function createTestApp(
  options: {
    config?: Partial<HttpSettings>;
    readiness?: () => Promise<ReadinessReport>;
    metricsEndpoint?: { readonly token?: string } | false;
  } = {},
): TestApp {
  const logs = createLogCapture();
  const logger = createLogger({ level: 'debug', destination: logs.destination });
  const metrics = createMetrics();
  let now = 1_700_000_000_000;
  const app = createHttpApp({
    config: { ...defaultSettings, ...options.config },
    logger,
    metrics,
    readiness: options.readiness ?? (() => Promise.resolve(readyReport)),
    clock: () => now,
    version: '1.2.3',
    ...(options.metricsEndpoint === undefined ? {} : { metricsEndpoint: options.metricsEndpoint }),
  });
  return {
    app,
    logs,
    metrics,
    advance: (ms) => {
      now += ms;
    },
    linesWith: (msg) => logs.entries().filter((entry) => entry.msg === msg),
  };
}

/** Bindings @hono/node-server would pass: lets `app.request()` come from a given client address. */
export function fromAddress(remoteAddress: string): { incoming: { socket: { remoteAddress: string } } } {
  return { incoming: { socket: { remoteAddress } } };
}

export interface Note {
  title: string;
  tags: string[];
}

/** A hand-written validator with the shape of @rpg-bot/contracts' validators. */
export function validateNote(input: unknown): ValidationResult<Note> {
  const issues: ValidationIssue[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, issues: [{ path: '', message: 'must be an object' }] };
  }
  const { title, tags } = input as Record<string, unknown>;
  if (typeof title !== 'string' || title === '') issues.push({ path: '/title', message: 'must be a non-empty string' });
  if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === 'string')) {
    issues.push({ path: '/tags', message: 'must be an array of strings' });
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: { title: title as string, tags: tags as string[] } };
}

/** The JSON of an error response. */
export interface ErrorJson {
  error: { code: string; message: string; details?: Record<string, unknown> };
}
