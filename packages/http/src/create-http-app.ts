import type { HttpSettings } from '@rpg-bot/config';
import type { Logger, Metrics } from '@rpg-bot/observability';
import { Hono } from 'hono';
import { accessLog } from './access-log';
import type { AppEnv } from './app-env';
import { bodySizeLimit } from './body-limit';
import { clientAddress } from './client-address';
import { corsAllowList } from './cors';
import { installErrorHandling } from './error-handling';
import { noStoreApiResponses } from './no-store';
import { refuseNulInUrl } from './nul-in-url';
import { isProbePath } from './probe-paths';
import { registerProbes } from './probes';
import type { ReadinessReport } from './probes';
import { rateLimiter } from './rate-limiter';
import { RequestOutcomes } from './request-outcomes';
import { isCatchAll, routePattern } from './route-pattern';
import { securityHeaders } from './security-headers';
import { traceContext } from './trace-context';

export interface HttpAppDeps {
  readonly config: HttpSettings;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Backs `/readyz`: 200 when ready, 503 otherwise. */
  readonly readiness: () => Promise<ReadinessReport>;
  /** Milliseconds since the epoch; defaults to `Date.now`. */
  readonly clock?: () => number;
  /** Reported by `/healthz`. */
  readonly version?: string;
  /**
   * `/metrics` on this app, open (the default) or behind a bearer token (`{ token }`,
   * `METRICS_TOKEN`); `false` when it is served on a port of its own (`METRICS_PORT`, `createMetricsApp`).
   */
  readonly metricsEndpoint?: { readonly token?: string | undefined } | false;
}

/**
 * The Hono app every service is mounted on. In order, for every request: trace context and
 * request logger; access log and metrics; security headers; `Cache-Control: no-store` on `/v1/`
 * responses; CORS allow-list; `%00` in the URL refused; token-bucket rate limit per client and route (probes and catch-all static routes
 * exempt); body size limit.
 * Adds `/healthz`, `/readyz`, `/metrics` and the shared error shape. Mount service routes with
 * `app.route('/', serviceApp)`.
 */
export function createHttpApp(deps: HttpAppDeps): Hono<AppEnv> {
  const { config, logger, metrics } = deps;
  const clock = deps.clock ?? Date.now;
  const outcomes = new RequestOutcomes();
  const app = new Hono<AppEnv>();

  app.use(traceContext(logger));
  app.use(accessLog({ metrics, clock, outcomes }));
  app.use(securityHeaders());
  app.use(noStoreApiResponses());
  app.use(corsAllowList(config.corsOrigins));
  app.use(refuseNulInUrl());
  if (config.rateLimitEnabled) {
    app.use(
      rateLimiter<AppEnv>({
        capacity: config.rateLimitBurst,
        refillPerSecond: config.rateLimitPerSecond,
        clock,
        keyOf: (c) => {
          const route = routePattern(c);
          // Probes are polled by infrastructure; the static client (a catch-all route) is fetched
          // dozens of files at once when a PWA installs. Neither is an API call to meter.
          if (isProbePath(c.req.path) || isCatchAll(route)) return null;
          return `${clientAddress(c, config.trustProxy)} ${c.req.method} ${route}`;
        },
      }),
    );
  }
  app.use(bodySizeLimit(config.bodyLimitBytes));

  installErrorHandling(app, logger, outcomes);
  registerProbes(app, { metrics, readiness: deps.readiness, clock, version: deps.version ?? 'unknown', metricsEndpoint: deps.metricsEndpoint ?? {} });
  return app;
}
