import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { ApiClient } from './api-client';
import { ApiError, errorMessageKey } from './api-error';
import type { FetchLike } from './api-client';

const campaign = {
  id: '5f0c7c1e-3d2b-4f7e-9a51-2b8f1d3c4e5a',
  title: 'The Sunless Citadel',
  role: 'gm',
  createdAt: '2026-11-24T10:00:00.000Z',
  docs: { shared: 'a', gm: 'b', private: 'c' },
} as const;

/** A small HTTP server speaking the relay's contract (error shape, bearer auth), served in-process by Hono. */
function server() {
  const app = new Hono();
  const seen: { method: string; path: string; auth: string | undefined; body: unknown }[] = [];
  app.use('*', async (c, next) => {
    const body: unknown = c.req.header('content-type') === 'application/json' ? await c.req.json() : undefined;
    seen.push({ method: c.req.method, path: c.req.path, auth: c.req.header('authorization'), body });
    await next();
  });
  const requireToken = (auth: string | undefined) => auth === 'Bearer good';
  app.get('/v1/campaigns', (c) =>
    requireToken(c.req.header('authorization'))
      ? c.json({ campaigns: [campaign] })
      : c.json({ error: { code: 'unauthorized', message: 'Missing or invalid token' } }, 401),
  );
  app.post('/v1/campaigns', (c) => c.json(campaign, 201));
  app.post('/v1/invites/:code/accept', (c) =>
    c.json({ error: { code: 'forbidden', message: 'expired', details: { reason: 'invite_expired' } } }, 403),
  );
  app.post('/v1/auth/dev', async (c) => {
    const body: unknown = await c.req.json();
    if (typeof body !== 'object' || body === null || !('name' in body))
      return c.json(
        {
          error: { code: 'validation_failed', message: 'name is required', details: { issues: [{ path: '/name', message: 'required' }] } },
        },
        400,
      );
    return c.json({ token: 'good', expiresAt: '2026-12-01T10:15:00.000Z', user: { id: 'dev:1', name: String(body.name) } });
  });
  app.get('/v1/docs/:docId/history', (c) => c.json({ docId: c.req.param('docId'), checkpoints: 'not a list' }));
  app.get('/v1/docs/:docId/at/:seq', (c) => c.body(new Uint8Array([1, 2, 3]), 200, { 'content-type': 'application/octet-stream' }));
  app.get('/proxy-page', (c) => c.html('<h1>Bad gateway</h1>', 502));
  const fetch: FetchLike = (input, init) => Promise.resolve(app.fetch(new Request(new URL(input, 'http://relay.test'), init)));
  return { fetch, seen };
}

function client(token: string | null, fetch: FetchLike) {
  let unauthorized = 0;
  const api = new ApiClient({
    fetch,
    getToken: () => Promise.resolve(token),
    onUnauthorized: () => {
      unauthorized += 1;
    },
  });
  return { api, unauthorizedCalls: () => unauthorized };
}

describe('ApiClient', () => {
  it('adds the bearer token and validates the answer', async () => {
    const { fetch, seen } = server();
    const { api } = client('good', fetch);
    await expect(api.listCampaigns()).resolves.toEqual([campaign]);
    expect(seen[0]).toMatchObject({ method: 'GET', path: '/v1/campaigns', auth: 'Bearer good' });
  });

  it('sends JSON bodies', async () => {
    const { fetch, seen } = server();
    const { api } = client('good', fetch);
    await api.createCampaign('The Sunless Citadel');
    expect(seen[0]).toMatchObject({ method: 'POST', path: '/v1/campaigns', body: { title: 'The Sunless Citadel' } });
  });

  it('turns the error body into a typed ApiError and reports a rejected token once', async () => {
    const { fetch } = server();
    const { api, unauthorizedCalls } = client('stale', fetch);
    const error = await api.listCampaigns().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(errorMessageKey(error)).toBe('error.unauthorized');
    expect(unauthorizedCalls()).toBe(1);
  });

  it('keeps error details (an expired invite)', async () => {
    const { fetch } = server();
    const { api, unauthorizedCalls } = client('good', fetch);
    await expect(api.acceptInvite('abc')).rejects.toMatchObject({ code: 'forbidden', status: 403, details: { reason: 'invite_expired' } });
    expect(unauthorizedCalls()).toBe(0);
  });

  it('does not send a request without a session', async () => {
    const { fetch, seen } = server();
    const { api } = client(null, fetch);
    await expect(api.listCampaigns()).rejects.toMatchObject({ code: 'unauthorized' });
    expect(seen).toEqual([]);
  });

  it('signs in without a token and detects whether dev login is on', async () => {
    const { fetch, seen } = server();
    const { api } = client(null, fetch);
    await expect(api.devLogin('Ada')).resolves.toMatchObject({ token: 'good', user: { name: 'Ada' } });
    expect(seen[0]?.auth).toBeUndefined();
    await expect(api.devLoginAvailable()).resolves.toBe(true);

    const off: FetchLike = () =>
      Promise.resolve(Response.json({ error: { code: 'not_found', message: 'Development login is off' } }, { status: 404 }));
    await expect(client(null, off).api.devLoginAvailable()).resolves.toBe(false);
  });

  it('a network failure is the distinct `offline` error', async () => {
    const failing: FetchLike = () => Promise.reject(new TypeError('Failed to fetch'));
    const { api, unauthorizedCalls } = client('good', failing);
    const error = await api.listCampaigns().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'offline', status: 0 });
    expect(errorMessageKey(error)).toBe('error.offline');
    expect(unauthorizedCalls()).toBe(0);
  });

  it('an answer outside the contract is `invalid_response` (proxy pages, wrong shapes)', async () => {
    const { fetch } = server();
    const { api } = client('good', fetch);
    await expect(api.docHistory('doc')).rejects.toMatchObject({ code: 'invalid_response' });
    await expect(api.request('GET', '/proxy-page')).rejects.toMatchObject({ code: 'invalid_response', status: 502 });
  });

  it('reads binary answers', async () => {
    const { fetch } = server();
    const { api } = client('good', fetch);
    await expect(api.docAt('doc', 7)).resolves.toEqual(new Uint8Array([1, 2, 3]));
  });

  it('refresh uses the token it is given and maps 401 without the lost-session callback', async () => {
    const answers: FetchLike = (_input, init) => {
      const auth = new Headers(init.headers).get('authorization');
      return Promise.resolve(
        auth === 'Bearer ok'
          ? Response.json({ token: 'next', expiresAt: '2026-12-01T10:15:00.000Z', user: { id: 'dev:1', name: 'Ada' } })
          : Response.json({ error: { code: 'unauthorized', message: 'expired' } }, { status: 401 }),
      );
    };
    const { api, unauthorizedCalls } = client('unused', answers);
    await expect(api.refresh('ok')).resolves.toMatchObject({ token: 'next' });
    await expect(api.refresh('old')).rejects.toMatchObject({ code: 'unauthorized' });
    expect(unauthorizedCalls()).toBe(0);
  });
});

describe('ApiClient.logout', () => {
  it('revokes the given token and reports failures as ApiError', async () => {
    const calls: { path: string; auth: string | null }[] = [];
    const relay: FetchLike = (input, init) => {
      calls.push({ path: new URL(input, 'http://relay.test').pathname, auth: new Headers(init.headers).get('authorization') });
      return Promise.resolve(new Response(null, { status: 204 }));
    };
    await client('unused', relay).api.logout('t1');
    expect(calls).toEqual([{ path: '/v1/auth/logout', auth: 'Bearer t1' }]);

    const without: FetchLike = () => Promise.resolve(Response.json({ error: { code: 'not_found', message: 'no route' } }, { status: 404 }));
    await expect(client('unused', without).api.logout('t1')).rejects.toMatchObject({ code: 'not_found' });
  });
});
