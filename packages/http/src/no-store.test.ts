import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from './app-env';
import { ApiError } from './api-error';
import { createTestApp } from './test-support';

function appWithRoutes() {
  const t = createTestApp({ config: { rateLimitEnabled: false } });
  const routes = new Hono<AppEnv>();
  routes.post('/v1/auth/dev', (c) => c.json({ token: 'secret' }));
  routes.get('/v1/campaigns', (c) => c.json({ campaigns: [] }));
  routes.delete('/v1/campaigns/x', (c) => c.body(null, 204));
  routes.get('/v1/forbidden', () => {
    throw new ApiError('forbidden', 'No.');
  });
  routes.get('/v1/cacheable', (c) => c.json({}, 200, { 'Cache-Control': 'private, max-age=60' }));
  routes.get('/assets/app.js', (c) => c.text('js'));
  t.app.route('/', routes);
  return t.app;
}

describe('Cache-Control on API responses', () => {
  it('marks every /v1 response no-store: tokens, campaign data, empty answers and errors alike', async () => {
    const app = appWithRoutes();
    const responses = [
      await app.request('/v1/auth/dev', { method: 'POST' }),
      await app.request('/v1/campaigns'),
      await app.request('/v1/campaigns/x', { method: 'DELETE' }),
      await app.request('/v1/forbidden'),
      await app.request('/v1/no-such-route'),
      await app.request('/v1/campaigns', { method: 'PUT' }),
    ];
    expect(responses.map((res) => [res.status, res.headers.get('cache-control')])).toEqual([
      [200, 'no-store'],
      [200, 'no-store'],
      [204, 'no-store'],
      [403, 'no-store'],
      [404, 'no-store'],
      [405, 'no-store'],
    ]);
  });

  it('keeps a route’s own Cache-Control and leaves non-API paths alone', async () => {
    const app = appWithRoutes();
    expect((await app.request('/v1/cacheable')).headers.get('cache-control')).toBe('private, max-age=60');
    expect((await app.request('/assets/app.js')).headers.get('cache-control')).toBeNull();
    expect((await app.request('/v1campaigns')).headers.get('cache-control')).toBeNull();
  });
});
