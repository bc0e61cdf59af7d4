import { createLogger } from '@rpg-bot/observability';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetricsApp, serveHttp } from './index';
import type { RunningServer } from './index';
import { createTestApp } from './test-support';
import type { ErrorJson } from './test-support';

const TOKEN = 'c2NyYXBlLW1lLWlmLXlvdS1jYW4';

describe('/metrics behind METRICS_TOKEN', () => {
  it('serves the registry only for the right bearer token; anything else is 401 with a Bearer challenge', async () => {
    const { app } = createTestApp({ metricsEndpoint: { token: TOKEN } });
    const scraped = await app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('# TYPE http_requests_total counter');
    for (const authorization of [undefined, 'Bearer', `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`, TOKEN]) {
      const res = await app.request('/metrics', { headers: authorization === undefined ? {} : { authorization } });
      expect({ authorization, status: res.status }).toEqual({ authorization, status: 401 });
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="metrics"/);
      const body = (await res.json()) as ErrorJson;
      expect(body.error.code).toBe('unauthorized');
      expect(JSON.stringify(body)).not.toContain(TOKEN);
    }
  });

  it('never writes the token to the log', async () => {
    const { app, logs } = createTestApp({ metricsEndpoint: { token: TOKEN } });
    await app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    await app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}-wrong` } });
    expect(logs.text()).not.toContain(TOKEN);
  });

  it('stays open without a token, as before', async () => {
    expect((await createTestApp().app.request('/metrics')).status).toBe(200);
  });
});

describe('/metrics on a port of its own (METRICS_PORT)', () => {
  const servers: RunningServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });

  it('is gone from the main app and served by the metrics app on its own port, with the main app’s counters', async () => {
    const { app, metrics } = createTestApp({ config: { rateLimitEnabled: false }, metricsEndpoint: false });
    const logger = createLogger({ level: 'silent' });
    const main = await serveHttp(app, { host: '127.0.0.1', port: 0, logger, shutdownTimeoutMs: 1000 });
    servers.push(main);
    const scrape = await serveHttp(createMetricsApp({ metrics, logger, token: TOKEN }), { host: '127.0.0.1', port: 0, logger, shutdownTimeoutMs: 1000 });
    servers.push(scrape);
    expect(scrape.port).not.toBe(main.port);

    expect((await fetch(`${main.url}/healthz`)).status).toBe(200);
    const hidden = await fetch(`${main.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(hidden.status).toBe(404);
    expect((await fetch(`${scrape.url}/metrics`)).status).toBe(401);
    const scraped = await fetch(`${scrape.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('cache-control')).toBe('no-store');
    expect(await scraped.text()).toContain('http_requests_total{method="GET",route="/healthz",status="200"} 1');
    // Only /metrics lives there.
    expect((await fetch(`${scrape.url}/healthz`)).status).toBe(404);
    expect((await fetch(`${scrape.url}/metrics`, { method: 'POST' })).status).toBe(405);
  });
});
