// A too-large body is answered with 413 on a real server, and — up to a bound — the connection
// stays usable for the next request (clients with keep-alive pools would otherwise fail the next
// request sent on it). Raw sockets, so that what the server does to the connection is visible.
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { createLogger } from '@rpg-bot/observability';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppEnv } from './app-env';
import { serveHttp } from './index';
import type { RunningServer } from './index';
import { createTestApp } from './test-support';

interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** One keep-alive connection that sends raw requests and reads one response at a time. */
class RawConnection {
  readonly #socket: Socket;
  #buffer = Buffer.alloc(0);
  #ended = false;
  #waiters: (() => void)[] = [];
  readonly closed: Promise<void>;

  constructor(port: number) {
    this.#socket = connect(port, '127.0.0.1');
    this.#socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#wake();
    });
    this.closed = new Promise((resolve) => {
      this.#socket.once('close', () => {
        this.#ended = true;
        this.#wake();
        resolve();
      });
    });
    // The server may close while a huge body is still being written: that is its answer.
    this.#socket.on('error', () => undefined);
  }

  write(data: string | Buffer): void {
    this.#socket.write(data);
  }

  destroy(): void {
    this.#socket.destroy();
  }

  /** The next complete response (status line, headers, Content-Length body); undefined when the connection ended first. */
  async response(): Promise<RawResponse | undefined> {
    for (;;) {
      const parsed = this.#take();
      if (parsed !== undefined) return parsed;
      if (this.#ended) return undefined;
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  #take(): RawResponse | undefined {
    const end = this.#buffer.indexOf('\r\n\r\n');
    if (end === -1) return undefined;
    const [statusLine = '', ...lines] = this.#buffer.subarray(0, end).toString('latin1').split('\r\n');
    const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
    const length = Number(headers['content-length'] ?? '0');
    if (this.#buffer.length < end + 4 + length) return undefined;
    const body = this.#buffer.subarray(end + 4, end + 4 + length).toString('utf8');
    this.#buffer = this.#buffer.subarray(end + 4 + length);
    return { status: Number(statusLine.split(' ')[1]), headers, body };
  }

  #wake(): void {
    for (const waiter of this.#waiters.splice(0)) waiter();
  }
}

const LIMIT = 1024;
let server: RunningServer | undefined;
const connections: RawConnection[] = [];

async function start(): Promise<RawConnection> {
  const { app } = createTestApp({ config: { rateLimitEnabled: false, bodyLimitBytes: LIMIT } });
  const routes = new Hono<AppEnv>();
  routes.post('/v1/echo', async (c) => c.json({ received: (await c.req.text()).length }));
  app.route('/', routes);
  server = await serveHttp(app, { host: '127.0.0.1', port: 0, logger: createLogger({ level: 'silent' }), shutdownTimeoutMs: 1000 });
  const connection = new RawConnection(server.port);
  connections.push(connection);
  return connection;
}

/** One request through `agent`: status, and whether it went over a connection used before. */
function send(agent: Agent, port: number, method: string, path: string, body?: Buffer): Promise<{ status: number; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const headers = body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(body.length) };
    const req = request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
      res.resume();
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const post = (headers: string, body: string | Buffer = '') =>
  Buffer.concat([Buffer.from(`POST /v1/echo HTTP/1.1\r\nHost: test\r\nConnection: keep-alive\r\n${headers}\r\n`), Buffer.from(body)]);
const healthz = 'GET /healthz HTTP/1.1\r\nHost: test\r\nConnection: keep-alive\r\n\r\n';
const chunked = (chunks: number, bytes: number) => `${`${bytes.toString(16)}\r\n${'x'.repeat(bytes)}\r\n`.repeat(chunks)}0\r\n\r\n`;

afterEach(async () => {
  for (const connection of connections.splice(0)) connection.destroy();
  await server?.close();
  server = undefined;
});

describe('413 and keep-alive', () => {
  it('answers a declared Content-Length over the limit with 413 and serves the next request on the same connection', async () => {
    const connection = await start();
    connection.write(post(`Content-Type: application/json\r\nContent-Length: ${String(4 * LIMIT)}\r\n`, 'x'.repeat(4 * LIMIT)));
    connection.write(healthz);
    const refused = await connection.response();
    expect(refused?.status).toBe(413);
    expect(refused?.headers.connection).not.toBe('close');
    expect(JSON.parse(refused?.body ?? '{}')).toMatchObject({ error: { code: 'payload_too_large' } });
    expect((await connection.response())?.status).toBe(200);
  });

  it('answers a chunked body that grows over the limit with 413 and serves the next request on the same connection', async () => {
    const connection = await start();
    connection.write(post('Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n', chunked(8, 512)));
    connection.write(healthz);
    const refused = await connection.response();
    expect(refused?.status).toBe(413);
    expect(refused?.headers.connection).not.toBe('close');
    expect((await connection.response())?.status).toBe(200);
  });

  it('reads a refused body sent in pieces to its end, answers 413, and keeps the connection', async () => {
    const connection = await start();
    connection.write(post(`Content-Length: ${String(3 * LIMIT)}\r\n`, 'x'.repeat(LIMIT)));
    connection.write('x'.repeat(LIMIT));
    connection.write(Buffer.concat([Buffer.from('x'.repeat(LIMIT)), Buffer.from(healthz)]));
    expect((await connection.response())?.status).toBe(413);
    expect((await connection.response())?.status).toBe(200);
    connection.write(post('Transfer-Encoding: chunked\r\n', ('200\r\n' + 'x'.repeat(512) + '\r\n').repeat(3)));
    connection.write(`${'200\r\n' + 'x'.repeat(512) + '\r\n'}0\r\n\r\n${healthz}`);
    expect((await connection.response())?.status).toBe(413);
    expect((await connection.response())?.status).toBe(200);
  });

  it('still serves bodies within the limit on the same connection, before and after a refusal', async () => {
    const connection = await start();
    connection.write(post(`Content-Length: ${String(LIMIT)}\r\n`, 'y'.repeat(LIMIT)));
    expect(await connection.response()).toMatchObject({ status: 200, body: JSON.stringify({ received: LIMIT }) });
    connection.write(post(`Content-Length: ${String(LIMIT + 1)}\r\n`, 'y'.repeat(LIMIT + 1)));
    expect((await connection.response())?.status).toBe(413);
    connection.write(post('Transfer-Encoding: chunked\r\n', chunked(2, 100)));
    expect(await connection.response()).toMatchObject({ status: 200, body: JSON.stringify({ received: 200 }) });
  });

  it('closes the connection after the 413 when the body is far larger than the limit, instead of reading it all', async () => {
    const connection = await start();
    // 64 MiB announced, a little of it sent: reading it all to keep the connection is not worth it.
    connection.write(post(`Content-Length: ${String(64 * 1024 * 1024)}\r\n`, 'z'.repeat(8 * LIMIT)));
    const refused = await connection.response();
    expect(refused?.status).toBe(413);
    expect(refused?.headers.connection).toBe('close');
    await connection.closed;
  });

  it('closes after the 413 when a chunked body grows past what is worth reading', async () => {
    const connection = await start();
    connection.write(post('Transfer-Encoding: chunked\r\n', ('400\r\n' + 'x'.repeat(1024) + '\r\n').repeat(80)));
    const refused = await connection.response();
    expect(refused?.status).toBe(413);
    expect(refused?.headers.connection).toBe('close');
    await connection.closed;
  });

  it('lets a keep-alive Agent reuse its connection after a 413, and move to a new one after a 413 that closes', async () => {
    await start();
    const port = server?.port ?? 0;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect(await send(agent, port, 'GET', '/healthz')).toEqual({ status: 200, reused: false });
      expect(await send(agent, port, 'POST', '/v1/echo', Buffer.alloc(3 * LIMIT, 120))).toEqual({ status: 413, reused: true });
      expect(await send(agent, port, 'GET', '/healthz')).toEqual({ status: 200, reused: true });
      // Far over the limit: answered, the connection closed cleanly — the next request opens a new one, no "socket hang up".
      expect(await send(agent, port, 'POST', '/v1/echo', Buffer.alloc(1024 * 1024, 120))).toMatchObject({ status: 413 });
      expect(await send(agent, port, 'GET', '/healthz')).toEqual({ status: 200, reused: false });
    } finally {
      agent.destroy();
    }
  });
});
