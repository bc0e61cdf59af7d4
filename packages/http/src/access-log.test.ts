import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from './app-env';
import { ApiError } from './index';
import { createTestApp } from './test-support';

function appWithRoutes() {
  const t = createTestApp({ config: { rateLimitBurst: 1 } });
  const routes = new Hono<AppEnv>();
  routes.get('/v1/campaigns/:id', (c) => {
    t.advance(42);
    return c.json({ id: c.req.param('id') });
  });
  routes.get('/v1/forbidden', () => {
    throw new ApiError('forbidden', 'Not yours.');
  });
  t.app.route('/', routes);
  return t;
}

describe('access log', () => {
  it('writes one line per request with method, redacted path, route, status and duration', async () => {
    const { app, linesWith } = appWithRoutes();
    await app.request('/v1/campaigns/7?view=full&token=eyJhbGciOiJIUzI1NiJ9.secret');
    const lines = linesWith('request');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'info',
      method: 'GET',
      path: '/v1/campaigns/7?view=full&token=[REDACTED]',
      route: '/v1/campaigns/:id',
      status: 200,
      durationMs: 42,
    });
    expect(JSON.stringify(lines)).not.toContain('eyJhbGciOiJIUzI1NiJ9');
  });

  it('redacts invite codes from paths and queries as it redacts tokens', async () => {
    const { app, linesWith } = appWithRoutes();
    const code = 'Zm9vYmFyYmF6cXV4cXV1eA';
    await app.request(`/v1/invites/${code}/accept`, { method: 'POST' });
    await app.request(`/v1/campaigns/c1/invites/${code}`, { method: 'DELETE' });
    await app.request(`/invite/${code}`);
    await app.request(`/?startapp=${code}`);
    expect(linesWith('request').map((line) => line.path)).toEqual([
      '/v1/invites/[REDACTED]/accept',
      '/v1/campaigns/c1/invites/[REDACTED]',
      '/invite/[REDACTED]',
      '/?startapp=[REDACTED]',
    ]);
    expect(JSON.stringify(linesWith('request'))).not.toContain(code);
  });

  it('logs successful probes at debug, failures at info/error', async () => {
    const { app, linesWith } = appWithRoutes();
    await app.request('/healthz');
    await app.request('/v1/forbidden');
    expect(linesWith('request').map((line) => [line.path, line.level])).toEqual([
      ['/healthz', 'debug'],
      ['/v1/forbidden', 'info'],
    ]);
  });
});

describe('HTTP metrics', () => {
  it('counts requests by route pattern, unknown routes as "unmatched", and errors by code', async () => {
    const { app } = appWithRoutes();
    await app.request('/v1/campaigns/1');
    await app.request('/v1/campaigns/2');
    await app.request('/v1/campaigns/3'); // over the burst of 1 → 429
    await app.request('/v1/forbidden');
    await app.request('/wp-admin/setup.php');
    await app.request('/v1/campaigns/4', { method: 'DELETE' });
    const text = await (await app.request('/metrics')).text();
    expect(text).toContain('http_requests_total{method="GET",route="/v1/campaigns/:id",status="200"} 1');
    expect(text).toContain('http_requests_total{method="GET",route="/v1/campaigns/:id",status="429"} 2');
    expect(text).toContain('http_requests_total{method="GET",route="unmatched",status="404"} 1');
    expect(text).toContain('http_requests_total{method="DELETE",route="unmatched",status="405"} 1');
    expect(text).toContain('http_request_errors_total{route="/v1/campaigns/:id",status="429",code="rate_limited"} 2');
    expect(text).toContain('http_request_errors_total{route="/v1/forbidden",status="403",code="forbidden"} 1');
    expect(text).toContain('http_request_errors_total{route="unmatched",status="404",code="not_found"} 1');
    expect(text).toMatch(/http_request_duration_seconds_bucket\{le="0\.05",method="GET",route="\/v1\/campaigns\/:id",status="200"\} 1/);
    expect(text).not.toContain('/v1/campaigns/1"');
    expect(text).not.toContain('wp-admin');
  });
});

describe('route labels', () => {
  it('label by the route that answered, through method-specific middleware and a later catch-all', async () => {
    const t = createTestApp({ config: { rateLimitEnabled: false } });
    t.app.get('/v1/*', async (_c, next) => {
      await next();
    });
    t.app.get('/v1/books/:id', (c) => c.text('book'));
    t.app.get('*', (c) => c.text('spa'));
    await t.app.request('/v1/books/1');
    await t.app.request('/campaigns/2');
    expect(t.linesWith('request').map((line) => line.route)).toEqual(['/v1/books/:id', '/*']);
  });
});
