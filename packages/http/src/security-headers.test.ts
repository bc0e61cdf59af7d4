import { describe, expect, it } from 'vitest';
import { createTestApp } from './test-support';

describe('security headers', () => {
  it('sends a CSP for a same-origin SPA embeddable by Telegram Web, and the usual hardening headers', async () => {
    const res = await createTestApp().app.request('/healthz');
    const csp = res.headers.get('content-security-policy') ?? '';
    const directives = Object.fromEntries(
      csp.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values.join(' ')];
      }),
    );
    expect(directives).toMatchObject({
      'default-src': "'self'",
      'script-src': "'self'",
      'connect-src': "'self' ws: wss:",
      'img-src': "'self' data: blob:",
      'style-src': "'self' 'unsafe-inline'",
      'object-src': "'none'",
      'frame-ancestors': "'self' https://web.telegram.org",
    });
    expect(res.headers.get('x-frame-options')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('strict-transport-security')).toContain('max-age=');
  });

  it('sends them on error responses as well', async () => {
    const res = await createTestApp().app.request('/missing');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});
