import type { Logger } from '@rpg-bot/observability';
import type { Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from './app-env';
import { allowedMethodsOf } from './allowed-methods';
import { ApiError, codeOfStatus } from './api-error';
import type { RequestOutcomes } from './request-outcomes';

const GENERIC_MESSAGE = 'Internal server error';

function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  // Hono's own middleware throws HTTPException with a client-facing message.
  if (error instanceof HTTPException) return new ApiError(codeOfStatus(error.status), error.message || 'Request failed', { cause: error });
  return undefined;
}

/**
 * One place that turns every failure into `{ error: { code, message, details? } }`:
 * ApiError (and Hono's HTTPException) keep their code and message; anything else is logged with
 * its stack and the trace id and answered 500 `internal` with a generic message. Unknown paths are
 * 404 `not_found`, or 405 `method_not_allowed` with `Allow` when another method has a route.
 */
export function installErrorHandling(app: Hono<AppEnv>, rootLogger: Logger, outcomes: RequestOutcomes): void {
  const logOf = (c: Context<AppEnv>) => (c.get('log') as Logger | undefined) ?? rootLogger;

  const respond = (c: Context<AppEnv>, error: ApiError) => {
    outcomes.markError(c, error.code);
    return c.json(error.toBody(), error.status, { ...error.headers });
  };

  app.onError((error, c) => {
    const apiError = toApiError(error);
    if (apiError === undefined) {
      logOf(c).error({ err: error }, 'unhandled error');
      return respond(c, new ApiError('internal', GENERIC_MESSAGE));
    }
    if (apiError.status >= 500) logOf(c).error({ err: apiError }, 'request failed');
    return respond(c, apiError);
  });

  const allowedMethods = allowedMethodsOf(app);
  app.notFound((c) => {
    outcomes.markUnmatched(c);
    const allowed = allowedMethods(c.req.path);
    if (allowed.length > 0 && !allowed.includes(c.req.method)) {
      return respond(
        c,
        new ApiError('method_not_allowed', `Method ${c.req.method} is not allowed here.`, {
          details: { allowed },
          headers: { Allow: allowed.join(', ') },
        }),
      );
    }
    return respond(c, new ApiError('not_found', 'No such resource.'));
  });
}
