import { createHash, timingSafeEqual } from 'node:crypto';
import type { Logger, Metrics } from '@rpg-bot/observability';
import { Hono } from 'hono';
import type { Handler } from 'hono';
import { accessLog } from './access-log';
import { ApiError } from './api-error';
import type { AppEnv } from './app-env';
import { installErrorHandling } from './error-handling';
import { RequestOutcomes } from './request-outcomes';
import { traceContext } from './trace-context';

const BEARER = /^Bearer[ ]+(\S+)[ ]*$/i;

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * `GET /metrics`: the registry in Prometheus text. With `token`, only for
 * `Authorization: Bearer <token>`: anything else is 401 `unauthorized` with a Bearer challenge.
 * Both sides are hashed before `timingSafeEqual`, so neither the comparison nor the length check
 * tells a guesser how close it came.
 */
export function metricsHandler(metrics: Metrics, token: string | undefined): Handler<AppEnv> {
  const expected = token === undefined ? undefined : digest(token);
  return async (c) => {
    if (expected !== undefined) {
      const given = BEARER.exec(c.req.header('authorization') ?? '')?.[1];
      if (given === undefined || !timingSafeEqual(digest(given), expected)) {
        throw new ApiError('unauthorized', 'GET /metrics needs "Authorization: Bearer <METRICS_TOKEN>".', {
          headers: { 'WWW-Authenticate': `Bearer realm="metrics"${given === undefined ? '' : ', error="invalid_token"'}` },
        });
      }
    }
    return c.body(await metrics.registry.metrics(), 200, { 'Cache-Control': 'no-store', 'Content-Type': metrics.registry.contentType });
  };
}

export interface MetricsAppDeps {
  readonly metrics: Metrics;
  readonly logger: Logger;
  /** `METRICS_TOKEN`: when set, scrapes need it as a bearer token. */
  readonly token?: string | undefined;
  readonly clock?: () => number;
}

/**
 * The app of a separate metrics port (`METRICS_PORT`): `GET /metrics` and nothing else (404 and
 * 405 in the shared error shape), with trace ids and the access log like the main app.
 */
export function createMetricsApp(deps: MetricsAppDeps): Hono<AppEnv> {
  const outcomes = new RequestOutcomes();
  const app = new Hono<AppEnv>();
  app.use(traceContext(deps.logger));
  app.use(accessLog({ metrics: deps.metrics, clock: deps.clock ?? Date.now, outcomes }));
  installErrorHandling(app, deps.logger, outcomes);
  app.get('/metrics', metricsHandler(deps.metrics, deps.token));
  return app;
}
