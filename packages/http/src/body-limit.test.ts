import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from './app-env';
import { createTestApp } from './test-support';
import type { ErrorJson } from './test-support';

// createTestApp limits bodies to 1024 bytes.
function appWithEcho() {
  const t = createTestApp({ config: { rateLimitEnabled: false } });
  const routes = new Hono<AppEnv>();
  routes.post('/v1/echo', async (c) => c.json({ received: (await c.req.text()).length }));
  t.app.route('/', routes);
  return t;
}

/** A body that arrives in chunks, with no length known up front. */
function streamOf(chunks: number, chunkBytes: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent === chunks) {
        controller.close();
        return;
      }
      sent++;
      controller.enqueue(new Uint8Array(chunkBytes).fill(120));
    },
  });
}

const post = (app: Hono<AppEnv>, body: string | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
  app.request('/v1/echo', { method: 'POST', body, headers, duplex: 'half' });

describe('body size limit', () => {
  it('passes bodies up to the limit', async () => {
    const res = await post(appWithEcho().app, 'x'.repeat(1024));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 1024 });
  });

  it('refuses a declared Content-Length over the limit with 413 payload_too_large', async () => {
    const res = await post(appWithEcho().app, 'x'.repeat(1025));
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      error: {
        code: 'payload_too_large',
        message: 'Request body is larger than the limit of 1024 bytes.',
        details: { limitBytes: 1024 },
      },
    });
  });

  it('counts a streamed body without Content-Length and refuses it once it exceeds the limit', async () => {
    const { app } = appWithEcho();
    const small = await post(app, streamOf(4, 256));
    expect(small.status).toBe(200);
    expect(await small.json()).toEqual({ received: 1024 });
    const big = await post(app, streamOf(10, 256));
    expect(big.status).toBe(413);
    expect(((await big.json()) as ErrorJson).error.code).toBe('payload_too_large');
  });

  it('does not trust a Content-Length that understates the body', async () => {
    const res = await post(appWithEcho().app, streamOf(10, 256), { 'content-length': '10' });
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorJson).error.code).toBe('payload_too_large');
  });
});
