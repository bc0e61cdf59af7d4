import type { Logger } from '@rpg-bot/observability';
import { newSpanId, newTraceId, parseTraceparent } from '@rpg-bot/observability';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env';

/**
 * Joins the caller's trace (a valid `traceparent`) or starts one, gives the request its own id
 * (sent back as `X-Request-Id`) and a child logger carrying both, so every line of the request
 * can be found from either.
 */
export function traceContext(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const traceId = parseTraceparent(c.req.header('traceparent'))?.traceId ?? newTraceId();
    const requestId = newSpanId();
    c.set('traceId', traceId);
    c.set('requestId', requestId);
    c.set('log', logger.child({ traceId, requestId }));
    await next();
    c.header('X-Request-Id', requestId);
  };
}
