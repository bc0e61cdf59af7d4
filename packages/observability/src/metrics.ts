import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** One finished HTTP request, as the HTTP layer reports it. */
export interface HttpRequestSample {
  readonly method: string;
  /** The route pattern (`/v1/campaigns/:id`), never the raw path, or `unmatched`. */
  readonly route: string;
  readonly status: number;
  readonly durationSeconds: number;
  /** The error code of an error response (`rate_limited`, `internal` …). */
  readonly errorCode?: string;
}

/** Prometheus metrics of one service instance. */
export interface Metrics {
  /** This instance's registry: register service-specific metrics here, serve `registry.metrics()` at /metrics. */
  readonly registry: Registry;
  readonly httpRequestsTotal: Counter<'method' | 'route' | 'status'>;
  readonly httpRequestDurationSeconds: Histogram<'method' | 'route' | 'status'>;
  readonly httpRequestErrorsTotal: Counter<'route' | 'status' | 'code'>;
  /** Records a finished request in all three HTTP metrics. */
  observeHttpRequest(sample: HttpRequestSample): void;
}

/**
 * Creates a registry of its own (never prom-client's global one, so two apps in one process do
 * not collide) with the default process metrics and the HTTP metrics.
 */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpRequestsTotal = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const httpRequestDurationSeconds = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving an HTTP request to having its response, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const httpRequestErrorsTotal = new Counter({
    name: 'http_request_errors_total',
    help: 'HTTP error responses, by route pattern, status and error code.',
    labelNames: ['route', 'status', 'code'] as const,
    registers: [registry],
  });
  return {
    registry,
    httpRequestsTotal,
    httpRequestDurationSeconds,
    httpRequestErrorsTotal,
    observeHttpRequest: ({ method, route, status, durationSeconds, errorCode }) => {
      const labels = { method, route, status: String(status) };
      httpRequestsTotal.inc(labels);
      httpRequestDurationSeconds.observe(labels, durationSeconds);
      if (errorCode !== undefined) httpRequestErrorsTotal.inc({ route, status: String(status), code: errorCode });
    },
  };
}
