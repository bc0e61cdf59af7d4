import { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { WebSocketServerLike } from '@hono/node-server';
import type { Logger } from '@rpg-bot/observability';
import type { Env, Hono } from 'hono';
import { WebSocketServer } from 'ws';

export interface ServeOptions {
  /** Interface to listen on; `0.0.0.0`/`::` listen everywhere. */
  readonly host: string;
  /** TCP port; 0 picks a free one (see the returned `port`). */
  readonly port: number;
  readonly logger: Logger;
  /** How long `close()` lets in-flight requests finish before cutting their connections. */
  readonly shutdownTimeoutMs: number;
  /**
   * Largest WebSocket message payload (bytes) the socket layer reads; a longer one is refused from
   * its frame header with 1009 before any of it is buffered. Default 1 MiB. Routes keep their own,
   * smaller limits and close codes; this is the ceiling above all of them.
   */
  readonly maxWebSocketPayloadBytes?: number;
}

/** Ceiling of a WebSocket message when the app does not say (ws itself would buffer 100 MiB). */
export const DEFAULT_MAX_WEBSOCKET_PAYLOAD_BYTES = 1_048_576;

export interface RunningServer {
  /** Base URL to reach the server, e.g. `http://127.0.0.1:8787`. */
  readonly url: string;
  readonly port: number;
  /**
   * Graceful stop: stops accepting connections, closes idle keep-alive connections, lets in-flight
   * requests finish (up to the timeout, then cuts them) and resolves once the server is closed.
   * Calling it again returns the same promise.
   */
  close(): Promise<void>;
}

/** Connections still busy after a response are polled this often to close them once idle. */
const IDLE_SWEEP_MS = 25;

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Close code for sockets still open at shutdown: 1001 "going away" tells clients to reconnect elsewhere/later. */
const GOING_AWAY = 1001;

function shutdown(server: Server, sockets: WebSocketServer, { logger, shutdownTimeoutMs }: ServeOptions): Promise<void> {
  // Upgraded sockets are no HTTP connections any more: server.close() would wait for them forever.
  for (const socket of sockets.clients) socket.close(GOING_AWAY, 'server shutting down');
  return new Promise((resolve, reject) => {
    // A keep-alive connection whose request is still running becomes idle only after its
    // response; sweeping periodically closes it then instead of waiting for the client.
    const sweeper = setInterval(() => {
      server.closeIdleConnections();
    }, IDLE_SWEEP_MS);
    const deadline = setTimeout(() => {
      logger.warn({ shutdownTimeoutMs }, 'shutdown timeout: closing connections with requests still in flight');
      server.closeAllConnections();
      for (const socket of sockets.clients) socket.terminate();
    }, shutdownTimeoutMs);
    server.close((error) => {
      clearInterval(sweeper);
      clearTimeout(deadline);
      if (error === undefined) resolve();
      else reject(error);
    });
    server.closeIdleConnections();
  });
}

/**
 * @hono/node-server's structural type declares `options.noServer?: boolean` but our
 * exactOptionalPropertyTypes reads ws's `noServer?: boolean | undefined` as incompatible; the
 * runtime contract (a ws 8 server created with noServer) is exactly what it expects.
 */
function asServerLike(sockets: WebSocketServer): WebSocketServerLike {
  return sockets as unknown as WebSocketServerLike;
}

/**
 * Serves a Hono app over HTTP/1.1 with @hono/node-server; resolves once listening. WebSocket
 * upgrades are enabled: routes built with `upgradeWebSocket` from '@hono/node-server' work, and
 * `close()` closes open sockets with 1001 before waiting for HTTP requests.
 *
 * @example
 * const server = await serveHttp(app, { host: '127.0.0.1', port: 0, logger, shutdownTimeoutMs: 10_000 });
 * await fetch(`${server.url}/healthz`);
 * await server.close();
 */
export async function serveHttp<E extends Env>(app: Hono<E>, options: ServeOptions): Promise<RunningServer> {
  // Frame size limits belong to each route (it knows its protocol and close codes); the socket
  // layer's cap sits above them and refuses a huge frame from its header instead of buffering it.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: options.maxWebSocketPayloadBytes ?? DEFAULT_MAX_WEBSOCKET_PAYLOAD_BYTES });
  const server = createAdaptorServer({ fetch: app.fetch, websocket: { server: asServerLike(sockets) } });
  if (!(server instanceof Server)) throw new TypeError('expected an HTTP/1.1 server');
  await listen(server, options.port, options.host);
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost(options.host)}:${port}`,
    port,
    close: () => (closing ??= shutdown(server, sockets, options)),
  };
}
