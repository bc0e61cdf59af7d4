import { validators } from '@rpg-bot/contracts';
import type { AppEnv } from '@rpg-bot/http';
import { jsonBody } from '@rpg-bot/http';
import { Hono } from 'hono';
import type { ClientErrorStore } from './client-error-store';

/** `POST /v1/diagnostics/client-errors`: uncaught errors reported by clients, stored and logged with the trace id. */
export function diagnosticsRoutes(store: ClientErrorStore): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/v1/diagnostics/client-errors', jsonBody(validators.clientErrorReport), async (c) => {
    const report = c.get('body');
    const traceId = c.get('traceId');
    await store.add(report, traceId);
    c.get('log').warn({ clientError: { message: report.message, url: report.url, appVersion: report.appVersion } }, 'client error reported');
    return c.json({ accepted: true as const }, 202);
  });
  return app;
}
