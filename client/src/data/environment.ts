import { realTimers } from './backoff';
import type { SocketEnvironment } from './reconnecting-socket';
import type { ConnectionOptions } from './types';

/** Default for `onError`: background failures are logged, never thrown at the UI. */
export function reportError(error: unknown, context: string): void {
  console.error(`[rpg-bot data] ${context}`, error);
}

/** The socket ports of a store, with browser defaults. */
export function socketEnvironment(options: ConnectionOptions): SocketEnvironment {
  return {
    getToken: options.getToken,
    onUnauthorized: options.onUnauthorized,
    // Resolved lazily: a store may be built where WebSocket does not exist yet (SSR, old Node).
    WebSocketImpl: options.WebSocketImpl ?? globalThis.WebSocket,
    timers: options.timers ?? realTimers,
    random: options.random ?? Math.random,
    backoff: options.backoff,
  };
}
