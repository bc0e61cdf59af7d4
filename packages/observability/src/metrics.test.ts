import { describe, expect, it } from 'vitest';
import { Counter } from 'prom-client';
import { createMetrics } from './index';

describe('createMetrics', () => {
  it('exposes default process metrics and the HTTP metrics in Prometheus text', async () => {
    const metrics = createMetrics();
    metrics.observeHttpRequest({ method: 'GET', route: '/v1/campaigns/:id', status: 200, durationSeconds: 0.012 });
    metrics.observeHttpRequest({ method: 'POST', route: 'unmatched', status: 404, durationSeconds: 0.001, errorCode: 'not_found' });
    const text = await metrics.registry.metrics();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('http_requests_total{method="GET",route="/v1/campaigns/:id",status="200"} 1');
    expect(text).toContain('http_request_duration_seconds_bucket{le="0.025",method="GET",route="/v1/campaigns/:id",status="200"} 1');
    expect(text).toContain('http_request_errors_total{route="unmatched",status="404",code="not_found"} 1');
    expect(text).not.toContain('http_request_errors_total{route="/v1/campaigns/:id"');
  });

  it('gives each instance its own registry, so two apps in one process do not collide', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.observeHttpRequest({ method: 'GET', route: '/a', status: 200, durationSeconds: 0 });
    expect(await b.registry.metrics()).not.toContain('route="/a"');
    // Services add their own metrics to the same registry.
    const joins = new Counter({ name: 'relay_joins_total', help: 'joins', registers: [a.registry] });
    joins.inc();
    expect(await a.registry.metrics()).toContain('relay_joins_total 1');
    expect(await b.registry.metrics()).not.toContain('relay_joins_total');
  });
});
