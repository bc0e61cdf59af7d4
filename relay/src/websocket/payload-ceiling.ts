/**
 * How far above a route's own frame limit the socket layer still reads a message. A frame just
 * over the limit is read and closed by the route with its named code (4413, SYNC-LIMIT-1); a frame
 * beyond this margin is refused by `ws` from its header with 1009, before any of it is buffered.
 */
export const FRAME_LIMIT_MARGIN_BYTES = 64 * 1024;

/**
 * The `maxPayload` of the process's WebSocket server for routes with these frame limits (the
 * sync and party sockets share one server): the largest limit plus the margin (SYNC-LIMIT-4).
 */
export function socketPayloadCeiling(...routeLimits: readonly number[]): number {
  return Math.max(0, ...routeLimits) + FRAME_LIMIT_MARGIN_BYTES;
}
