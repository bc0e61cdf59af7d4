import { closeCodeInfo, closeCodes, reconnectPolicy } from '@rpg-bot/sync-protocol';
import { backoffDelay, defaultBackoff } from './backoff';
import type { BackoffPolicy, Timers } from './backoff';

/**
 * Where a socket stands: `offline` (the network is off, or the socket was never started),
 * `connecting` (an attempt is under way or scheduled after a backoff delay),
 * `open`, or stopped for good: `unauthorized` (a fresh token did not help), `forbidden` (not a
 * member), `stopped` (a close code after which reconnecting cannot help, e.g. UpgradeRequired).
 */
export type SocketPhase = 'offline' | 'connecting' | 'open' | 'unauthorized' | 'forbidden' | 'stopped';

/** Everything a reconnecting socket needs from the outside; all injectable for tests. */
export interface SocketEnvironment {
  readonly getToken: () => Promise<string | null>;
  readonly onUnauthorized?: (() => void) | undefined;
  readonly WebSocketImpl: typeof WebSocket;
  readonly timers: Timers;
  readonly random: () => number;
  readonly backoff?: BackoffPolicy | undefined;
}

export interface SocketHandlers {
  /** Builds the URL for one attempt. */
  readonly url: (token: string) => string;
  readonly binary: boolean;
  /** The socket opened; `send` writes to this socket only. */
  readonly opened: () => void;
  readonly message: (data: unknown) => void;
  /** The socket went away (whatever happens next). Per-connection state must be dropped here. */
  readonly closed: () => void;
  readonly phaseChanged: () => void;
}

const ignore = (): void => undefined;

/** A close code a client may send to end its own connection without reconnect logic kicking in. */
const NORMAL_CLOSURE = 1000;

/**
 * One logical connection that survives network loss: exponential backoff with full jitter between
 * attempts, honouring each close code's policy (SYNC-CLOSE-1..4): 4401 asks `getToken()` again and
 * retries once, then gives up as `unauthorized`; 4403/4404 stop as `forbidden`; 4413 (a frame too
 * large), 4429, 4503 and 4507 (a slow consumer) back off (at least the code's `minDelayMs`); other
 * permanent codes stop.
 */
export class ReconnectingSocket {
  readonly #env: SocketEnvironment;
  readonly #handlers: SocketHandlers;
  #phase: SocketPhase = 'offline';
  #running = false;
  #online = true;
  #socket: WebSocket | undefined;
  #cancelRetry: (() => void) | undefined;
  #attempt = 0;
  #authRetried = false;
  /** Bumped on every connect/stop so a late `getToken()` answer cannot open a stale socket. */
  #generation = 0;

  constructor(env: SocketEnvironment, handlers: SocketHandlers) {
    this.#env = env;
    this.#handlers = handlers;
  }

  phase(): SocketPhase {
    return this.#phase;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    if (this.#online) this.#connect();
  }

  /** Closes for good (until `start()`); nothing reconnects. */
  stop(): void {
    this.#running = false;
    this.#generation += 1;
    this.#cancel();
    this.#drop();
    this.#setPhase('offline');
  }

  /** Offline: close the socket and stop retrying. Online: connect again, even after a refused token. */
  setOnline(online: boolean): void {
    // Online again while already online retries only a refused token (e.g. after a new sign-in).
    if (online === this.#online && !(online && this.#phase === 'unauthorized')) return;
    this.#online = online;
    if (!online) {
      this.#generation += 1;
      this.#cancel();
      this.#drop();
      if (this.#phase !== 'forbidden') this.#setPhase('offline');
      return;
    }
    if (this.#running && this.#phase !== 'forbidden' && this.#phase !== 'stopped') {
      this.#attempt = 0;
      this.#authRetried = false;
      this.#connect();
    }
  }

  /** The server accepted this connection (e.g. the initial sync finished): reset backoff and auth retry. */
  healthy(): void {
    this.#attempt = 0;
    this.#authRetried = false;
  }

  /** Sends on the open socket; false when there is none. */
  send(data: Uint8Array | string): boolean {
    const socket = this.#socket;
    if (socket?.readyState !== 1 /* OPEN */) return false;
    socket.send(data);
    return true;
  }

  /** Drops the current connection (e.g. an unreadable frame) and reconnects with backoff. */
  reconnect(): void {
    const socket = this.#socket;
    if (socket === undefined) return;
    this.#onClose(socket, closeCodes.InternalError.code);
    try {
      socket.close(NORMAL_CLOSURE);
    } catch {
      // Already closing.
    }
  }

  #connect(): void {
    this.#cancel();
    this.#drop();
    const generation = ++this.#generation;
    this.#setPhase('connecting');
    this.#env.getToken().then(
      (token) => {
        if (generation !== this.#generation) return;
        if (token === null) {
          this.#setPhase('unauthorized');
          return;
        }
        this.#open(token);
      },
      () => {
        if (generation === this.#generation) this.#retry(0);
      },
    );
  }

  #open(token: string): void {
    let socket: WebSocket;
    try {
      socket = new this.#env.WebSocketImpl(this.#handlers.url(token));
    } catch {
      this.#retry(0);
      return;
    }
    if (this.#handlers.binary) socket.binaryType = 'arraybuffer';
    this.#socket = socket;
    socket.onopen = () => {
      if (this.#socket !== socket) return;
      this.#setPhase('open');
      this.#handlers.opened();
    };
    socket.onmessage = (event: MessageEvent) => {
      if (this.#socket === socket) this.#handlers.message(event.data);
    };
    socket.onclose = (event: CloseEvent) => {
      this.#onClose(socket, event.code);
    };
    // A close event always follows an error; it carries the code we act on.
    socket.onerror = ignore;
  }

  #onClose(socket: WebSocket, code: number): void {
    if (this.#socket !== socket) return;
    this.#socket = undefined;
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    this.#handlers.closed();
    if (!this.#running || !this.#online) {
      this.#setPhase('offline');
      return;
    }
    if (code === closeCodes.Unauthorized.code) {
      if (!this.#authRetried) {
        this.#authRetried = true;
        this.#connect();
        return;
      }
      this.#setPhase('unauthorized');
      this.#env.onUnauthorized?.();
      return;
    }
    if (code === closeCodes.Forbidden.code || code === closeCodes.NotFound.code) {
      this.#setPhase('forbidden');
      return;
    }
    const info = closeCodeInfo(code);
    // TooLarge backs off rather than stopping: the client decides what to resend, and a stopped
    // socket would never recover from one oversized frame until a reload.
    if (code !== closeCodes.TooLarge.code && reconnectPolicy(code) === 'never') {
      this.#setPhase('stopped');
      return;
    }
    this.#retry(info?.minDelayMs ?? 0);
  }

  #retry(minDelayMs: number): void {
    // The network is there and the next attempt is scheduled: that is connecting, not offline
    // (the status line must never say "Offline" to someone who is online).
    this.#setPhase('connecting');
    const delay = backoffDelay(this.#attempt, minDelayMs, this.#env.random, this.#env.backoff ?? defaultBackoff);
    this.#attempt += 1;
    this.#cancel();
    this.#cancelRetry = this.#env.timers.schedule(() => {
      this.#cancelRetry = undefined;
      if (this.#running && this.#online) this.#connect();
    }, delay);
  }

  #cancel(): void {
    this.#cancelRetry?.();
    this.#cancelRetry = undefined;
  }

  #drop(): void {
    const socket = this.#socket;
    if (socket === undefined) return;
    this.#socket = undefined;
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    // Keep an error listener: Node's `ws` throws an 'error' event that has none.
    socket.onerror = ignore;
    try {
      socket.close(NORMAL_CLOSURE);
    } catch {
      // A socket still connecting may refuse close(); it is abandoned either way.
    }
    this.#handlers.closed();
  }

  #setPhase(phase: SocketPhase): void {
    if (phase === this.#phase) return;
    this.#phase = phase;
    this.#handlers.phaseChanged();
  }
}
