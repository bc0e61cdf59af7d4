import type { MiddlewareHandler } from 'hono';

/** Where the API lives: every response below it may carry a token or campaign data. */
const API_PREFIX = '/v1/';

/**
 * `Cache-Control: no-store` on every API response (`/v1/…`: sessions, campaigns, invites,
 * members, history, party events, diagnostics — success, empty and error answers alike), so no
 * browser, proxy or shared cache keeps a token or a campaign's data. One rule for the prefix
 * rather than a list of routes; a route that sets its own Cache-Control keeps it (deliberately).
 * Probes set theirs; the static client is not under `/v1/`. WebSocket upgrades are left alone.
 */
export function noStoreApiResponses(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!c.req.path.startsWith(API_PREFIX) || c.req.header('upgrade')?.toLowerCase() === 'websocket') return;
    if (!c.res.headers.has('cache-control')) c.header('Cache-Control', 'no-store');
  };
}
