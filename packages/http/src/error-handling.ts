import type { Logger } from '@rpg-bot/observability';
import type { Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from './app-env';
import { allowedMethodsOf } from './allowed-methods';
import { ApiError, codeOfStatus } from './api-error';
import type { RequestOutcomes } from './request-outcomes';

const GENERIC_MESSAGE = 'Internal server error';

/**
 * SQLSTATEs of a value the database could not take: 22021 character_not_in_repertoire (U+0000 in
 * text), 22P05 untranslatable_character (U+0000 in jsonb), 22P02 invalid_text_representation (a
 * string where a number or UUID was expected). Validation should refuse such input first; this is
 * the last line, so that input is never answered with a 500.
 */
const INPUT_SQLSTATES: ReadonlySet<string> = new Set(['22021', '22P05', '22P02']);
/** How many `cause` links are followed looking for the database's error. */
const MAX_CAUSE_DEPTH = 5;

/**
 * The database's refusal of a value, when that is what failed (duck-typed on the SQLSTATE `code`
 * of the error or one of its causes: this package does not depend on a driver).
 */
function refusedValue(error: unknown): { readonly sqlstate: string; readonly dbMessage: string } | undefined {
  let current = error;
  for (let depth = 0; depth <= MAX_CAUSE_DEPTH && typeof current === 'object' && current !== null; depth += 1) {
    const { code, cause, message } = current as { code?: unknown; cause?: unknown; message?: unknown };
    if (typeof code === 'string' && INPUT_SQLSTATES.has(code)) return { sqlstate: code, dbMessage: typeof message === 'string' ? message : '' };
    current = cause;
  }
  return undefined;
}

function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  // Hono's own middleware throws HTTPException with a client-facing message.
  if (error instanceof HTTPException) return new ApiError(codeOfStatus(error.status), error.message || 'Request failed', { cause: error });
  return undefined;
}

/**
 * One place that turns every failure into `{ error: { code, message, details? } }`:
 * ApiError (and Hono's HTTPException) keep their code and message; the database refusing a value
 * of the request (SQLSTATE 22021, 22P05, 22P02) is 400 `bad_request`, logged as a warning without
 * a stack; anything else is logged with its stack and the trace id and answered 500 `internal`
 * with a generic message. Unknown paths are
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
    const refused = apiError === undefined ? refusedValue(error) : undefined;
    if (refused !== undefined) {
      // A validation gap, not a crash: say which, without the stack (the driver drops the values).
      logOf(c).warn(refused, 'the database refused a value of the request');
      return respond(c, new ApiError('bad_request', 'The request contains a value that cannot be stored.'));
    }
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
