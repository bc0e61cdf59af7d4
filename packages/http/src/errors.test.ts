import { validators } from '@rpg-bot/contracts';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from './app-env';
import { ApiError, statusOf } from './index';
import { createTestApp } from './test-support';
import type { ErrorJson } from './test-support';

describe('statusOf', () => {
  it('maps every error code to its status', () => {
    expect(
      Object.fromEntries(
        (
          [
            'bad_request',
            'validation_failed',
            'unauthorized',
            'forbidden',
            'not_found',
            'method_not_allowed',
            'conflict',
            'payload_too_large',
            'unsupported_media_type',
            'rate_limited',
            'internal',
            'unavailable',
          ] as const
        ).map((code) => [code, statusOf(code)]),
      ),
    ).toEqual({
      bad_request: 400,
      validation_failed: 400,
      unauthorized: 401,
      forbidden: 403,
      not_found: 404,
      method_not_allowed: 405,
      conflict: 409,
      payload_too_large: 413,
      unsupported_media_type: 415,
      rate_limited: 429,
      internal: 500,
      unavailable: 503,
    });
    expect([statusOf('generation_refused'), statusOf('generation_invalid_output'), statusOf('generation_truncated')]).toEqual([422, 502, 502]);
  });
});

describe('a bare HTTPException status', () => {
  it('becomes a general code, never one that claims more (a 502 is not a generation failure, a 409 not an idempotency conflict)', async () => {
    const t = createTestApp({ config: { rateLimitEnabled: false } });
    const routes = new Hono<AppEnv>();
    routes.get('/bad-gateway', () => {
      throw new HTTPException(502, { message: 'upstream broke' });
    });
    routes.get('/clash', () => {
      throw new HTTPException(409, { message: 'clash' });
    });
    t.app.route('/', routes);
    const { app } = t;
    const codes = await Promise.all(['/bad-gateway', '/clash'].map(async (path) => ((await (await app.request(path)).json()) as ErrorJson).error.code));
    expect(codes).toEqual(['internal', 'conflict']);
  });
});

describe('error handling', () => {
  const withRoutes = () => {
    const t = createTestApp({ config: { rateLimitEnabled: false } });
    const routes = new Hono<AppEnv>();
    routes.get('/v1/things/:id', (c) => {
      if (c.req.param('id') === 'taken') {
        throw new ApiError('conflict', 'That thing is taken.', { details: { id: 'taken' }, headers: { 'X-Hint': 'pick another' } });
      }
      return c.json({ id: c.req.param('id') });
    });
    routes.post('/v1/things', (c) => c.json({ created: true }, 201));
    routes.get('/v1/crash', () => {
      throw new Error('db password is hunter2 at 10.0.0.5');
    });
    routes.get('/v1/hono', () => {
      throw new HTTPException(401, { message: 'Token expired' });
    });
    routes.get('/v1/down', () => {
      throw new ApiError('unavailable', 'Image generation is paused.');
    });
    routes.get('/v1/refused/:sqlstate', (c) => {
      // Shaped like @rpg-bot/db's DatabaseError, wrapped once more by a store.
      const refused = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: c.req.param('sqlstate') });
      throw new Error('saving the campaign failed', { cause: refused });
    });
    routes.get('/v1/echo/:id', (c) => c.json({ id: c.req.param('id'), q: c.req.query('q') ?? null }));
    t.app.route('/', routes);
    return t;
  };

  it('shapes a thrown ApiError with its status, details and headers', async () => {
    const { app } = withRoutes();
    const res = await app.request('/v1/things/taken');
    expect(res.status).toBe(409);
    expect(validators.errorBody(await res.clone().json())).toMatchObject({ ok: true });
    expect(res.headers.get('x-hint')).toBe('pick another');
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toEqual({ error: { code: 'conflict', message: 'That thing is taken.', details: { id: 'taken' } } });
  });

  it('answers unexpected exceptions with a generic 500 and logs the stack with the trace id', async () => {
    const { app, logs } = withRoutes();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await app.request('/v1/crash', { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: 'Internal server error' } });
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('at ');
    const [logged] = logs.entries().filter((entry) => entry.msg === 'unhandled error');
    expect(logged).toMatchObject({ level: 'error', traceId, err: { message: 'db password is hunter2 at 10.0.0.5' } });
    expect(String((logged?.err as { stack?: string }).stack)).toContain('errors.test.ts');
  });

  it.each(['22021', '22P05', '22P02'])(
    'answers the database refusing a value (SQLSTATE %s) with 400 bad_request, logged as a warning without a stack',
    async (sqlstate) => {
      const { app, logs } = withRoutes();
      const res = await app.request(`/v1/refused/${sqlstate}`);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: { code: 'bad_request', message: 'The request contains a value that cannot be stored.' } });
      const [logged] = logs.entries().filter((entry) => entry.msg === 'the database refused a value of the request');
      expect(logged).toMatchObject({ level: 'warn', sqlstate, dbMessage: 'invalid byte sequence for encoding "UTF8": 0x00' });
      expect(logs.text()).not.toContain('"stack"');
      expect(logs.entries().filter((entry) => entry.level === 'error')).toEqual([]);
    },
  );

  it('keeps other database failures a 500', async () => {
    const res = await withRoutes().app.request('/v1/refused/40P01');
    expect(res.status).toBe(500);
  });

  it('refuses %00 in the path or the query with 400 bad_request before any route, but lets WebSocket upgrades through to their route', async () => {
    const { app, logs } = withRoutes();
    for (const path of ['/v1/echo/%00', '/v1/echo/a%00b', '/v1/echo/x?q=%00', '/v1/nothing/%00', '/v1/echo/x?%00=1']) {
      const res = await app.request(path);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(((await res.json()) as ErrorJson).error.code).toBe('bad_request');
    }
    expect(await (await app.request('/v1/echo/%2500?q=%2500')).json()).toEqual({ id: '%00', q: '%00' });
    const upgrade = await app.request('/v1/echo/%00', { headers: { upgrade: 'websocket' } });
    expect(upgrade.status).toBe(200);
    expect(logs.entries().filter((entry) => entry.level === 'error')).toEqual([]);
  });

  it('maps Hono HTTPException to the error shape', async () => {
    const res = await withRoutes().app.request('/v1/hono');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: 'Token expired' } });
  });

  it('logs deliberate 5xx ApiErrors but keeps their message', async () => {
    const { app, logs } = withRoutes();
    const res = await app.request('/v1/down');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: { code: 'unavailable', message: 'Image generation is paused.' } });
    expect(logs.entries().some((entry) => entry.msg === 'request failed' && entry.level === 'error')).toBe(true);
  });

  it('answers unknown paths with 404 not_found', async () => {
    const res = await withRoutes().app.request('/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorJson).error.code).toBe('not_found');
  });

  it('answers a wrong method on a known path with 405 and Allow', async () => {
    const { app } = withRoutes();
    const res = await app.request('/v1/things', { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(validators.errorBody(await res.clone().json())).toMatchObject({ ok: true });
    expect(res.headers.get('allow')).toBe('POST');
    expect(await res.json()).toEqual({
      error: { code: 'method_not_allowed', message: 'Method DELETE is not allowed here.', details: { allowed: ['POST'] } },
    });
    const param = await app.request('/v1/things/42', { method: 'PUT' });
    expect(param.status).toBe(405);
    expect(param.headers.get('allow')).toBe('GET, HEAD');
    expect((await app.request('/healthz', { method: 'POST' })).status).toBe(405);
  });

  it('does not let a catch-all route turn every unknown path into a 405', async () => {
    const { app } = withRoutes();
    app.get('*', async (_c, next) => {
      await next();
    });
    const res = await app.request('/v1/unknown', { method: 'POST' });
    expect(res.status).toBe(404);
    expect((await app.request('/v1/things', { method: 'PATCH' })).headers.get('allow')).toBe('POST');
  });
});
