import { unstorableTextAt } from '@rpg-bot/contracts';
import type { Validator } from '@rpg-bot/contracts';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './api-error';

/** Environment added by {@link jsonBody}: the validated body. */
export interface JsonBodyEnv<T> {
  Variables: { body: T };
}

function isJsonMediaType(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';', 1)[0]?.trim().toLowerCase();
  return mediaType === 'application/json' || (mediaType?.startsWith('application/') === true && mediaType.endsWith('+json'));
}

/**
 * Route middleware that requires a JSON body valid for `validator` (one of @rpg-bot/contracts'
 * `validators`, or any function of that shape) and hands the typed value to the
 * handler as `c.get('body')`:
 * wrong Content-Type → 415 `unsupported_media_type`; unparsable → 400 `bad_request`;
 * a string or key PostgreSQL cannot store (U+0000, unpaired surrogates), anywhere in the body →
 * 400 `validation_failed` pointing at it, whatever the schema says; invalid → 400
 * `validation_failed` with `details.issues`.
 *
 * @example
 * app.post('/v1/diagnostics/client-errors', jsonBody(validators.clientErrorReport), (c) => {
 *   const report = c.get('body'); // ClientErrorReport
 * });
 */
export function jsonBody<T>(validator: Validator<T>): MiddlewareHandler<JsonBodyEnv<T>> {
  return async (c, next) => {
    if (!isJsonMediaType(c.req.header('content-type'))) {
      throw new ApiError('unsupported_media_type', 'Content-Type must be application/json.');
    }
    const text = await c.req.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ApiError('bad_request', 'Request body is not valid JSON');
    }
    // One rule for every body, so no route can hand the database a string it refuses (a 500) or
    // silently alters (U+FFFD for a lone surrogate); schemas would have to repeat it per field.
    const unstorable = unstorableTextAt(parsed);
    if (unstorable !== undefined) {
      throw new ApiError('validation_failed', 'Request body contains text that cannot be stored.', {
        details: { issues: [{ path: unstorable, message: 'must not contain U+0000 or unpaired surrogates' }] },
      });
    }
    const result = validator(parsed);
    if (!result.ok) {
      throw new ApiError('validation_failed', 'Request body does not match the expected schema.', {
        details: { issues: result.issues },
      });
    }
    c.set('body', result.value);
    await next();
  };
}
