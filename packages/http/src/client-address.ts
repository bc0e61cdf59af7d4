import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** Used when no socket is known (e.g. `app.request()` in tests). */
export const UNKNOWN_ADDRESS = 'unknown';

function normalize(address: string): string {
  // Dual-stack sockets report IPv4 clients as ::ffff:a.b.c.d; one client should have one key.
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/**
 * The client's address: the socket's peer, or — when `trustProxy` — the hop nearest to us in
 * `X-Forwarded-For` (the last entry, which our own proxy appended). Earlier entries are whatever
 * the client sent and would let it pick a fresh rate-limit bucket per request.
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const hops = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((hop) => hop.trim())
      .filter((hop) => hop !== '');
    const nearest = hops.at(-1);
    if (nearest !== undefined) return normalize(nearest);
  }
  try {
    const address = getConnInfo(c).remote.address;
    return address === undefined ? UNKNOWN_ADDRESS : normalize(address);
  } catch {
    return UNKNOWN_ADDRESS;
  }
}
