import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env';
import { ApiError } from './api-error';

/** `%00` in any case: decoding the path or a query value would give U+0000. */
const ENCODED_NUL = /%00/i;

/**
 * Refuses a request whose path or query carries U+0000 (`%00`) with 400 `bad_request`, before any
 * route decodes a parameter from it: no id, code or query value of ours contains one, and
 * PostgreSQL refuses it in text (a 500 if it got that far). The raw URL is checked, as it came
 * (a literal NUL cannot pass Node's HTTP parser; `%2500` decodes to the text `%00`, which is fine).
 *
 * WebSocket upgrades pass through: their routes refuse bad parameters with a close code a browser
 * can read, which an HTTP status of a failed upgrade is not.
 */
export function refuseNulInUrl(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (ENCODED_NUL.test(c.req.url) && c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
      throw new ApiError('bad_request', 'The request URL contains %00 (U+0000), which no path or query parameter may contain.');
    }
    await next();
  };
}
