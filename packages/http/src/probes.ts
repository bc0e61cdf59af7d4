import type { HealthResponse, ReadinessResponse } from '@rpg-bot/contracts';
import type { Metrics } from '@rpg-bot/observability';
import type { Hono } from 'hono';
import type { AppEnv } from './app-env';
import { metricsHandler } from './metrics-endpoint';

/** What `/readyz` reports (the wire type of contracts/jsonschema/readiness.json); produced by the service. */
export type ReadinessReport = ReadinessResponse;

export interface ProbeDeps {
  readonly metrics: Metrics;
  readonly readiness: () => Promise<ReadinessReport>;
  readonly clock: () => number;
  readonly version: string;
  /**
   * Where `/metrics` is: here (`{ token? }`: open, or behind `Authorization: Bearer <token>`), or
   * not on this app at all (`false`: it has a port of its own, see `createMetricsApp`).
   */
  readonly metricsEndpoint: { readonly token?: string | undefined } | false;
}

function isReady(report: ReadinessReport): boolean {
  return report.status === 'ready' && report.checks.database.ok && report.checks.migrations.ok;
}

/** `/healthz` (the process answers), `/readyz` (it can serve: 200 or 503) and `/metrics` (Prometheus) unless it lives elsewhere. */
export function registerProbes(app: Hono<AppEnv>, { metrics, readiness, clock, version, metricsEndpoint }: ProbeDeps): void {
  const startedAt = clock();
  const noStore = { 'Cache-Control': 'no-store' };

  app.get('/healthz', (c) => {
    const health: HealthResponse = { status: 'ok', uptimeSeconds: Math.floor((clock() - startedAt) / 1000), version };
    return c.json(health, 200, noStore);
  });

  app.get('/readyz', async (c) => {
    let report: ReadinessReport;
    try {
      report = await readiness();
    } catch (error) {
      c.get('log').error({ err: error }, 'readiness check failed');
      report = {
        status: 'not_ready',
        checks: { database: { ok: false, error: 'readiness check failed' }, migrations: { ok: false, pending: [] } },
      };
    }
    // The status must agree with the checks (and with the HTTP status) whatever the service returned.
    return isReady(report) ? c.json(report, 200, noStore) : c.json({ ...report, status: 'not_ready' as const }, 503, noStore);
  });

  if (metricsEndpoint !== false) app.get('/metrics', metricsHandler(metrics, metricsEndpoint.token));
}
