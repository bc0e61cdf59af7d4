import { request as httpRequest } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { createLogCapture, createLogger } from '@rpg-bot/observability';
import { upgradeWebSocket } from '@hono/node-server';
import { Hono } from 'hono';
import { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppEnv } from './app-env';
import { clientAddress, serveHttp } from './index';
import type { RunningServer } from './index';
import { createTestApp } from './test-support';

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}
function deferred(): Deferred {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Resolves true if a new TCP connection to `port` is refused. */
function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => {
      resolve(true);
    });
  });
}

/** A GET over its own keep-alive connection; resolves with status and body. */
function get(url: string, agentOptions: { keepAlive: boolean }): Promise<{ status: number; body: string; response: IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { connection: agentOptions.keepAlive ? 'keep-alive' : 'close' } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, body, response });
      });
      response.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serveHttp', () => {
  let server: RunningServer | undefined;
  const release: (() => void)[] = [];
  afterEach(async () => {
    for (const r of release) r();
    release.length = 0;
    await server?.close();
    server = undefined;
  });

  const start = async (app: Hono<AppEnv>, shutdownTimeoutMs = 10_000) => {
    const logs = createLogCapture();
    server = await serveHttp(app, {
      host: '127.0.0.1',
      port: 0,
      logger: createLogger({ level: 'info', destination: logs.destination }),
      shutdownTimeoutMs,
    });
    return { server, logs };
  };

  it('listens on a free port and serves the app', async () => {
    const { app } = createTestApp();
    const { server: s } = await start(app);
    expect(s.port).toBeGreaterThan(0);
    expect(s.url).toBe(`http://127.0.0.1:${s.port}`);
    const res = await fetch(`${s.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });

  it('sees the client address of the socket', async () => {
    const app = new Hono<AppEnv>();
    app.get('/whoami', (c) => c.text(clientAddress(c, false)));
    const { server: s } = await start(app);
    expect(await (await fetch(`${s.url}/whoami`)).text()).toBe('127.0.0.1');
  });

  it('refuses an oversize chunked body (no Content-Length) with 413 over real HTTP', async () => {
    const { app } = createTestApp();
    app.post('/v1/upload', async (c) => c.json({ size: (await c.req.arrayBuffer()).byteLength }));
    const { server: s } = await start(app);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ === 8) controller.close();
        else controller.enqueue(new Uint8Array(512));
      },
    });
    const res = await fetch(`${s.url}/v1/upload`, { method: 'POST', body, duplex: 'half' });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('shuts down gracefully: in-flight requests finish, new connections are refused', async () => {
    const { app } = createTestApp();
    const entered = deferred();
    const proceed = deferred();
    release.push(proceed.resolve);
    app.get('/slow', async (c) => {
      entered.resolve();
      await proceed.promise;
      return c.text('done');
    });
    const { server: s } = await start(app);
    const idle = await get(`${s.url}/healthz`, { keepAlive: true }); // leaves an idle keep-alive connection
    expect(idle.status).toBe(200);

    const inFlight = get(`${s.url}/slow`, { keepAlive: true });
    await entered.promise;
    let closed = false;
    const closing = s.close().then(() => {
      closed = true;
    });
    expect(await connectionRefused(s.port)).toBe(true);
    expect(closed).toBe(false);

    proceed.resolve();
    const slow = await inFlight;
    expect(slow).toMatchObject({ status: 200, body: 'done' });
    await closing;
    expect(closed).toBe(true);
    expect(s.close()).toBe(s.close());
  });

  it('cuts requests still running when the shutdown timeout expires, and says so in the log', async () => {
    const { app } = createTestApp();
    const entered = deferred();
    const never = deferred();
    release.push(never.resolve);
    app.get('/stuck', async (c) => {
      entered.resolve();
      await never.promise;
      return c.text('too late');
    });
    const { server: s, logs } = await start(app, 50);
    const stuck = get(`${s.url}/stuck`, { keepAlive: true }).then(
      () => 'answered',
      () => 'cut',
    );
    await entered.promise;
    await s.close();
    expect(await stuck).toBe('cut');
    expect(logs.entries()).toContainEqual(expect.objectContaining({ level: 'warn', shutdownTimeoutMs: 50 }));
  });

  it('upgrades WebSocket routes of the app and closes open sockets with 1001 on shutdown', async () => {
    const app = new Hono<AppEnv>();
    app.get(
      '/echo',
      upgradeWebSocket(() => ({
        onMessage: (event: { readonly data: unknown }, ws) => {
          ws.send(typeof event.data === 'string' ? `echo ${event.data}` : 'binary');
        },
      })),
    );
    const { server: s } = await start(app);
    const socket = new WebSocket(`${s.url.replace('http', 'ws')}/echo`);
    const closed = new Promise<number>((resolve) => socket.once('close', resolve));
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const reply = new Promise<string>((resolve) => socket.once('message', (data: Buffer) => { resolve(data.toString()); }));
    socket.send('hi');
    expect(await reply).toBe('echo hi');
    await s.close();
    expect(await closed).toBe(1001);
  });

  it('refuses a WebSocket frame over maxWebSocketPayloadBytes from its header (1009), without waiting for its payload', async () => {
    const app = new Hono<AppEnv>();
    app.get(
      '/echo',
      upgradeWebSocket(() => ({
        onMessage: (event: { readonly data: unknown }, ws) => {
          ws.send(event.data instanceof ArrayBuffer ? `binary ${event.data.byteLength}` : 'text');
        },
      })),
    );
    const logger = createLogger({ level: 'silent' });
    server = await serveHttp(app, { host: '127.0.0.1', port: 0, logger, shutdownTimeoutMs: 1000, maxWebSocketPayloadBytes: 1024 });
    const open = async () => {
      const socket = new WebSocket(`${server?.url.replace('http', 'ws') ?? ''}/echo`);
      await new Promise((resolve, reject) => {
        socket.once('open', resolve);
        socket.once('error', reject);
      });
      return socket;
    };
    const fits = await open();
    const reply = new Promise<string>((resolve) => fits.once('message', (data: Buffer) => { resolve(data.toString()); }));
    fits.send(new Uint8Array(1024));
    expect(await reply).toBe('binary 1024');
    fits.terminate();

    const oversize = await open();
    const closed = new Promise<number>((resolve) => oversize.once('close', resolve));
    oversize.on('error', () => undefined);
    // A masked binary frame (mask key 0) announcing 64 MiB, followed by only 4 KiB of it: a server
    // that buffered frames up to their length would wait for the rest instead of closing.
    const header = Buffer.alloc(14);
    header[0] = 0x82;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(64n * 1024n * 1024n, 2);
    const raw = (oversize as unknown as { _socket: { write(chunk: Buffer): boolean } })._socket;
    raw.write(Buffer.concat([header, Buffer.alloc(4096)]));
    expect(await closed).toBe(1009);
  });

  it('answers an upgrade request for a plain route without upgrading', async () => {
    const app = new Hono<AppEnv>();
    app.get('/plain', (c) => c.text('no socket here', 404));
    const { server: s } = await start(app);
    const socket = new WebSocket(`${s.url.replace('http', 'ws')}/plain`);
    const status = await new Promise<number | undefined>((resolve) => {
      socket.once('unexpected-response', (_request, response) => {
        resolve(response.statusCode);
        socket.terminate();
      });
      socket.once('open', () => { resolve(undefined); });
      socket.once('error', () => { resolve(undefined); });
    });
    expect(status).toBe(404);
  });

  it('rejects when the port is taken', async () => {
    const { server: first } = await start(createTestApp().app);
    const logger = createLogger({ level: 'silent' });
    await expect(
      serveHttp(createTestApp().app, { host: '127.0.0.1', port: first.port, logger, shutdownTimeoutMs: 100 }),
    ).rejects.toThrow(/EADDRINUSE/);
  });
});
