import { validators } from '@rpg-bot/contracts';
import { describe, expect, it } from 'vitest';
import type { ReadinessReport } from './index';
import { createTestApp, readyReport } from './test-support';

describe('probes', () => {
  it('/healthz reports status, uptime and version', async () => {
    const { app, advance } = createTestApp();
    advance(61_500);
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body: unknown = await res.json();
    expect(body).toEqual({ status: 'ok', uptimeSeconds: 61, version: '1.2.3' });
    expect(validators.healthResponse(body)).toMatchObject({ ok: true });
  });

  it('/readyz is 200 with the report when ready', async () => {
    const res = await createTestApp().app.request('/readyz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(readyReport);
  });

  const notReady: [string, ReadinessReport][] = [
    [
      'the database is down',
      {
        status: 'not_ready',
        checks: { database: { ok: false, error: 'connection refused' }, migrations: { ok: false, pending: [] } },
      },
    ],
    [
      'migrations are pending',
      {
        status: 'not_ready',
        checks: { database: { ok: true, latencyMs: 2 }, migrations: { ok: false, pending: ['relay/0002_history'] } },
      },
    ],
    [
      'a check failed even though status says ready',
      { status: 'ready', checks: { database: { ok: false }, migrations: { ok: true, pending: [] } } },
    ],
  ];
  it.each(notReady)('/readyz is 503 when %s', async (_name, report) => {
    const res = await createTestApp({ readiness: () => Promise.resolve(report) }).app.request('/readyz');
    expect(res.status).toBe(503);
    const body: unknown = await res.json();
    expect(body).toEqual({ ...report, status: 'not_ready' });
    expect(validators.readinessResponse(body)).toMatchObject({ ok: true });
  });

  it('/readyz is 503 and logs when the check itself throws', async () => {
    const { app, linesWith } = createTestApp({ readiness: () => Promise.reject(new Error('pool exhausted')) });
    const res = await app.request('/readyz');
    expect(res.status).toBe(503);
    const body: unknown = await res.json();
    expect(body).toMatchObject({ status: 'not_ready', checks: { database: { ok: false } } });
    expect(validators.readinessResponse(body)).toMatchObject({ ok: true });
    expect(linesWith('readiness check failed')[0]).toMatchObject({ level: 'error', err: { message: 'pool exhausted' } });
  });

  it('/metrics serves Prometheus text with the request counters', async () => {
    const { app } = createTestApp();
    await app.request('/healthz');
    await app.request('/healthz');
    const res = await app.request('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('# TYPE http_requests_total counter');
    expect(text).toContain('http_requests_total{method="GET",route="/healthz",status="200"} 2');
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(text).toContain('nodejs_heap_size_used_bytes');
  });
});
