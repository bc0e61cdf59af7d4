import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from './app-env';
import { createTestApp } from './test-support';

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const traceparent = `00-${traceId}-00f067aa0ba902b7-01`;

function appWithLoggingRoute() {
  const t = createTestApp();
  const routes = new Hono<AppEnv>();
  routes.get('/v1/work', (c) => {
    c.get('log').info({ step: 1 }, 'working');
    return c.json({ traceId: c.get('traceId'), requestId: c.get('requestId') });
  });
  t.app.route('/', routes);
  return t;
}

describe('trace context', () => {
  it('continues the trace of a valid traceparent in every log line of the request', async () => {
    const { app, logs } = appWithLoggingRoute();
    const res = await app.request('/v1/work', { headers: { traceparent } });
    const body = (await res.json()) as { traceId: string; requestId: string };
    expect(body.traceId).toBe(traceId);
    expect(body.requestId).toMatch(/^[0-9a-f]{16}$/);
    expect(res.headers.get('x-request-id')).toBe(body.requestId);
    const lines = logs.entries();
    expect(lines.map((line) => line.msg)).toEqual(['working', 'request']);
    for (const line of lines) expect(line).toMatchObject({ traceId, requestId: body.requestId });
  });

  it('starts a new trace when traceparent is missing or malformed', async () => {
    const { app, logs } = appWithLoggingRoute();
    const first = (await (await app.request('/v1/work')).json()) as { traceId: string };
    const second = (await (await app.request('/v1/work', { headers: { traceparent: traceparent.toUpperCase() } })).json()) as {
      traceId: string;
    };
    expect(first.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(second.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set([first.traceId, second.traceId, traceId]).size).toBe(3);
    expect(logs.entries().filter((line) => line.traceId === first.traceId)).toHaveLength(2);
  });

  it('sends X-Request-Id on error responses too', async () => {
    const res = await createTestApp().app.request('/nope', { headers: { traceparent } });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f]{16}$/);
  });
});
