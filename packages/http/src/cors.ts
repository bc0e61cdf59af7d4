import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

/**
 * CORS for an explicit allow-list of exact origins. Requests from any other origin get no CORS
 * headers at all (the browser then blocks them), preflights included — Hono's `cors` alone would
 * answer every preflight with 204. With an empty list nothing beyond same-origin is allowed.
 */
export function corsAllowList(origins: readonly string[]): MiddlewareHandler {
  const allowed = new Set(origins);
  const handler = cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['Content-Type', 'Authorization', 'traceparent'],
    exposeHeaders: ['X-Request-Id', 'Retry-After'],
    maxAge: 600,
  });
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && allowed.has(origin)) return handler(c, next);
    await next();
    // The answer differs by Origin once any origin is allowed: shared caches must not mix them.
    if (allowed.size > 0) c.header('Vary', 'Origin', { append: true });
  };
}
