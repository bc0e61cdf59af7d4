import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from './app-env';
import { createTestApp, fromAddress } from './test-support';
import type { ErrorJson } from './test-support';

function appWithRoutes(config: Parameters<typeof createTestApp>[0] = {}) {
  const t = createTestApp(config);
  const routes = new Hono<AppEnv>();
  routes.get('/v1/items/:id', (c) => c.json({ ok: true }));
  routes.get('/v1/other', (c) => c.json({ ok: true }));
  t.app.route('/', routes);
  return t;
}

const burst = async (app: Hono<AppEnv>, path: string, count: number, env?: object) => {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) statuses.push((await app.request(path, {}, env)).status);
  return statuses;
};

describe('rate limiting (burst 3, 1 per second)', () => {
  it('answers a burst beyond capacity with 429, Retry-After and the error shape, then recovers as time passes', async () => {
    const { app, advance } = appWithRoutes();
    expect(await burst(app, '/v1/items/1', 3)).toEqual([200, 200, 200]);
    const limited = await app.request('/v1/items/2');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toEqual({
      error: { code: 'rate_limited', message: 'Too many requests; retry in 1 s.', details: { retryAfterSeconds: 1 } },
    });
    advance(999);
    expect((await app.request('/v1/items/3')).status).toBe(429);
    advance(1);
    expect(await burst(app, '/v1/items/4', 2)).toEqual([200, 429]);
    advance(3000);
    expect(await burst(app, '/v1/items/5', 4)).toEqual([200, 200, 200, 429]);
  });

  it('keeps a bucket per route pattern and per client address', async () => {
    const { app } = appWithRoutes();
    expect(await burst(app, '/v1/items/1', 4, fromAddress('10.0.0.1'))).toEqual([200, 200, 200, 429]);
    expect((await app.request('/v1/other', {}, fromAddress('10.0.0.1'))).status).toBe(200);
    expect((await app.request('/v1/items/9', {}, fromAddress('10.0.0.2'))).status).toBe(200);
    expect((await app.request('/v1/items/9', {}, fromAddress('::ffff:10.0.0.1'))).status).toBe(429);
  });

  it('never limits the probes', async () => {
    const { app } = appWithRoutes();
    for (const path of ['/healthz', '/readyz', '/metrics']) {
      expect(new Set(await burst(app, path, 10))).toEqual(new Set([200]));
    }
  });

  it('limits unknown paths as one route, so scanners cannot dodge it', async () => {
    const { app } = appWithRoutes();
    const statuses = [...(await burst(app, '/a', 2)), ...(await burst(app, '/b', 2))];
    expect(statuses).toEqual([404, 404, 404, 429]);
    const res = await app.request('/c');
    expect(((await res.json()) as ErrorJson).error.code).toBe('rate_limited');
  });

  it('takes the client from X-Forwarded-For only when trusting a proxy, using the hop nearest to us', async () => {
    const behindProxy = appWithRoutes({ config: { trustProxy: true } }).app;
    const viaProxy = async (xff: string) =>
      behindProxy.request('/v1/other', { headers: { 'x-forwarded-for': xff } }, fromAddress('10.9.9.9'));
    const statusesViaProxy: number[] = [];
    for (let i = 0; i < 4; i++) statusesViaProxy.push((await viaProxy('198.51.100.7')).status);
    expect(statusesViaProxy).toEqual([200, 200, 200, 429]);
    // A spoofed first entry does not give a fresh bucket: the proxy appended the real address last.
    expect((await viaProxy('1.2.3.4, 198.51.100.7')).status).toBe(429);
    expect((await viaProxy('203.0.113.5')).status).toBe(200);

    const direct = appWithRoutes().app;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await direct.request('/v1/other', { headers: { 'x-forwarded-for': `192.0.2.${i}` } }, fromAddress('10.9.9.9'))).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('can be turned off', async () => {
    const { app } = appWithRoutes({ config: { rateLimitEnabled: false } });
    expect(new Set(await burst(app, '/v1/other', 20))).toEqual(new Set([200]));
  });
});

describe('rate limiting and the static client', () => {
  it('does not meter a catch-all route (static files of a PWA install come in dozens), but still meters the API', async () => {
    const { app } = appWithRoutes();
    app.get('*', (c) => c.text('file'));
    expect(new Set(await burst(app, '/assets/chunk.js', 30))).toEqual(new Set([200]));
    expect(await burst(app, '/v1/items/1', 4)).toEqual([200, 200, 200, 429]);
  });
});
