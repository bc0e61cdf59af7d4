// The whole stack as `npm start` composes it (relay + jobs + client), over real HTTP on port 0,
// on embedded PGlite and — when TEST_DATABASE_URL is set — on a real PostgreSQL server.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@rpg-bot/config';
import { stackTestBackends } from '@rpg-bot/runtime/testing';
import { jobsModule } from '@rpg-bot/jobs';
import { relayModule } from '@rpg-bot/relay';
import { bootStack } from '@rpg-bot/runtime';
import type { RunningStack } from '@rpg-bot/runtime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const backends = stackTestBackends('server/stack.test');

const validReport = {
  message: 'TypeError: cannot read properties of undefined',
  occurredAt: '2026-11-24T10:00:00.000Z',
  appVersion: '0.1.0',
};

describe.each(backends)('stack on $name', ({ setup }) => {
  let dataDir: string;
  let clientDir: string;
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  let stack: RunningStack | undefined;

  const boot = async (overrides: Record<string, string> = {}) => {
    const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env, ...overrides });
    stack = await bootStack({ config, modules: [relayModule, jobsModule], staticDir: clientDir, version: 'test' });
    return stack;
  };
  const post = (path: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) => {
    if (stack === undefined) throw new Error('stack not booted');
    return fetch(new URL(path, stack.url), { method: 'POST', body, headers });
  };

  afterEach(async () => {
    await stack?.close();
    stack = undefined;
    await cleanup();
    await rm(dataDir, { recursive: true, force: true });
    await rm(clientDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    ({ env, cleanup } = await setup());
    dataDir = await mkdtemp(join(tmpdir(), 'rpgbot-stack-data-'));
    clientDir = await mkdtemp(join(tmpdir(), 'rpgbot-stack-client-'));
    await writeFile(join(clientDir, 'index.html'), '<!doctype html><title>RPG-Bot</title><h1>RPG-Bot</h1>');
  });

  it('answers probes, serves the client with SPA fallback, and 404s unknown API paths with the error shape', async () => {
    const { url } = await boot();
    const health = await fetch(new URL('/healthz', url));
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });

    const ready = await fetch(new URL('/readyz', url));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { migrations: { ok: true, pending: [] } } });

    const page = await fetch(new URL('/', url));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<h1>RPG-Bot</h1>');
    const deepLink = await fetch(new URL('/campaigns/42', url), { headers: { accept: 'text/html' } });
    expect(await deepLink.text()).toContain('<h1>RPG-Bot</h1>');

    const missing = await fetch(new URL('/v1/nothing-here', url), { headers: { accept: 'text/html' } });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } });

    const metrics = await fetch(new URL('/metrics', url));
    expect(await metrics.text()).toContain('http_requests_total');
  });

  it('stores an accepted client error report durably: it is there after a restart', async () => {
    await boot();
    const accepted = await post('/v1/diagnostics/client-errors', JSON.stringify(validReport));
    expect(accepted.status).toBe(202);
    expect(await accepted.json()).toEqual({ accepted: true });
    await stack?.close();
    stack = undefined;

    const again = await boot();
    const { rows } = await again.db.query<{ message: string; app_version: string }>(
      'SELECT message, app_version FROM client_error_reports',
    );
    expect(rows).toEqual([{ message: validReport.message, app_version: '0.1.0' }]);
  });

  it('rejects malformed JSON, invalid bodies, wrong content types and oversize bodies with the error shape, and keeps serving', async () => {
    await boot({ BODY_LIMIT_BYTES: '1024' });
    const malformed = await post('/v1/diagnostics/client-errors', '{"message": ');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: 'bad_request' } });

    const invalid = await post('/v1/diagnostics/client-errors', JSON.stringify({ message: '' }));
    expect(invalid.status).toBe(400);
    const invalidBody = (await invalid.json()) as { error: { code: string; details: { issues: unknown[] } } };
    expect(invalidBody.error.code).toBe('validation_failed');
    expect(invalidBody.error.details.issues.length).toBeGreaterThan(0);

    const wrongType = await post('/v1/diagnostics/client-errors', 'hello', { 'content-type': 'text/plain' });
    expect(wrongType.status).toBe(415);
    expect(await wrongType.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });

    const oversize = await post('/v1/diagnostics/client-errors', JSON.stringify({ ...validReport, stack: 'x'.repeat(4096) }));
    expect(oversize.status).toBe(413);
    expect(await oversize.json()).toMatchObject({ error: { code: 'payload_too_large' } });

    const { rows } = await (stack as RunningStack).db.query('SELECT 1 FROM client_error_reports');
    expect(rows).toHaveLength(0);
    expect((await post('/v1/diagnostics/client-errors', JSON.stringify(validReport))).status).toBe(202);
  });

  it('answers a burst beyond the bucket with 429 and Retry-After while probes keep working', async () => {
    await boot({ RATE_LIMIT_BURST: '3', RATE_LIMIT_PER_SECOND: '1' });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 10; i++) {
      const res = await post('/v1/diagnostics/client-errors', JSON.stringify(validReport));
      statuses.push(res.status);
      if (res.status === 429) {
        retryAfter = res.headers.get('retry-after');
        expect(await res.json()).toMatchObject({ error: { code: 'rate_limited' } });
      } else {
        await res.body?.cancel();
      }
    }
    expect(statuses.slice(0, 3)).toEqual([202, 202, 202]);
    expect(statuses.slice(3)).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await fetch(new URL('/healthz', (stack as RunningStack).url))).status).toBe(200);
  });
});
