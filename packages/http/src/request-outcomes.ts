import type { ErrorCode } from '@rpg-bot/contracts';
import type { Context } from 'hono';
import { respondingRoutePattern, UNMATCHED_ROUTE } from './route-pattern';

/**
 * What the error and not-found handlers learned about a request, for the access log and metrics
 * that run around them. Keyed by the request's context, so nothing leaks into `c.var`.
 */
export class RequestOutcomes {
  readonly #errorCodes = new WeakMap<Context, ErrorCode>();
  readonly #unmatched = new WeakSet<Context>();

  markError(c: Context, code: ErrorCode): void {
    this.#errorCodes.set(c, code);
  }

  /** The request fell through to the not-found handler (404 or 405). */
  markUnmatched(c: Context): void {
    this.#unmatched.add(c);
  }

  errorCodeOf(c: Context): ErrorCode | undefined {
    return this.#errorCodes.get(c);
  }

  /** The route label: `unmatched` when no handler answered, even if a catch-all route was tried. */
  routeOf(c: Context): string {
    return this.#unmatched.has(c) ? UNMATCHED_ROUTE : respondingRoutePattern(c);
  }
}
