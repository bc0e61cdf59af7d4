import type { WebSocketLike } from '@hono/node-server';
import type { WSContext } from 'hono/ws';

/**
 * Bytes a socket has queued but the network has not taken yet: ws's `bufferedAmount` (its own
 * queue plus the TCP socket's write buffer). @hono/node-server's structural `WebSocketLike` does
 * not declare it, so it is read defensively; 0 when the transport cannot tell.
 */
export function bufferedBytesOf(ws: WSContext<WebSocketLike>): number {
  const raw: unknown = ws.raw;
  if (typeof raw !== 'object' || raw === null || !('bufferedAmount' in raw)) return 0;
  const { bufferedAmount } = raw;
  return typeof bufferedAmount === 'number' ? bufferedAmount : 0;
}
