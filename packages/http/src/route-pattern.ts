import type { Context } from 'hono';
import { matchedRoutes } from 'hono/route';

/** Route label for requests no route handled: keeps metric label values bounded whatever paths scanners try. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The pattern (`/v1/campaigns/:id`) of the route expected to handle this request, or `unmatched`;
 * known before any handler runs, which the rate limiter needs. Middleware added with `use()` has
 * method ALL; among the rest, Hono runs matches in registration order, so the first one that
 * does not take `next` is the handler (a catch-all registered later does not hide it).
 */
export function routePattern(c: Context): string {
  const candidates = matchedRoutes(c).filter((route) => route.method !== 'ALL');
  const handler = candidates.find((route) => route.handler.length < 2) ?? candidates[0];
  return handler?.path ?? UNMATCHED_ROUTE;
}

/** After the response: the pattern of the route that produced it, else the expected one. */
export function respondingRoutePattern(c: Context): string {
  const responder = matchedRoutes(c)[c.req.routeIndex];
  return responder !== undefined && responder.method !== 'ALL' ? responder.path : routePattern(c);
}

/** Catch-all routes (`*`, `/*`): the static client and its SPA fallback, not an API endpoint. */
export function isCatchAll(pattern: string): boolean {
  return pattern === '*' || pattern === '/*';
}
