import { describe, expect, it } from 'vitest';
import { createTestApp } from './test-support';

const allowed = 'https://app.example.com';
const other = 'https://evil.example.net';

describe('CORS', () => {
  it('allows nothing cross-origin by default', async () => {
    const { app } = createTestApp();
    const res = await app.request('/healthz', { headers: { origin: allowed } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await app.request('/healthz', {
      method: 'OPTIONS',
      headers: { origin: allowed, 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('echoes an allowed origin and exposes the request id', async () => {
    const { app } = createTestApp({ config: { corsOrigins: [allowed] } });
    const res = await app.request('/healthz', { headers: { origin: allowed } });
    expect(res.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(res.headers.get('access-control-expose-headers')).toContain('X-Request-Id');
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('gives a denied origin no CORS headers, and still varies on Origin', async () => {
    const { app } = createTestApp({ config: { corsOrigins: [allowed] } });
    const res = await app.request('/healthz', { headers: { origin: other } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('answers a preflight from an allowed origin with 204 and the allowed methods and headers', async () => {
    const { app } = createTestApp({ config: { corsOrigins: [allowed, 'http://localhost:5173'] } });
    const res = await app.request('/v1/diagnostics/client-errors', {
      method: 'OPTIONS',
      headers: { origin: allowed, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
    expect(res.headers.get('access-control-max-age')).toBe('600');
  });

  it('does not approve a preflight from a denied origin', async () => {
    const { app } = createTestApp({ config: { corsOrigins: [allowed] } });
    const res = await app.request('/healthz', {
      method: 'OPTIONS',
      headers: { origin: other, 'access-control-request-method': 'GET' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-methods')).toBeNull();
    expect(res.status).toBeGreaterThanOrEqual(400);
  });
});
