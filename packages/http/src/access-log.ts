import type { Metrics } from '@rpg-bot/observability';
import { redactUrl } from '@rpg-bot/observability';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env';
import { isProbePath } from './probe-paths';
import type { RequestOutcomes } from './request-outcomes';

/** Methods Node's parser accepts are bounded already; folding the rare ones keeps the label set small. */
const COMMON_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

function pathAndQuery(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  return start === -1 ? '/' : url.slice(start);
}

export interface AccessLogDeps {
  readonly metrics: Metrics;
  readonly clock: () => number;
  readonly outcomes: RequestOutcomes;
}

/**
 * One log line and one metrics sample per request, after the response is known. The path is
 * logged with secret query values redacted; metrics use the route pattern, never the raw path.
 * Successful probes log at debug so a scraper polling every few seconds does not flood the log.
 */
export function accessLog({ metrics, clock, outcomes }: AccessLogDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = clock();
    await next();
    const durationMs = Math.max(0, clock() - started);
    const method = COMMON_METHODS.has(c.req.method) ? c.req.method : 'OTHER';
    const route = outcomes.routeOf(c);
    const { status } = c.res;
    const errorCode = outcomes.errorCodeOf(c);
    metrics.observeHttpRequest({
      method,
      route,
      status,
      durationSeconds: durationMs / 1000,
      ...(errorCode === undefined ? {} : { errorCode }),
    });
    const line = { method: c.req.method, path: redactUrl(pathAndQuery(c.req.url)), route, status, durationMs };
    const log = c.get('log');
    if (status >= 500) log.error(line, 'request');
    else if (isProbePath(c.req.path) && status < 400) log.debug(line, 'request');
    else log.info(line, 'request');
  };
}
