import type { ErrorBody, ErrorCode } from '@rpg-bot/contracts';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** HTTP status of each error code: the one table both the server and its tests rely on. */
const statusByCode = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  idempotency_conflict: 409,
  job_finished: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  queue_full: 429,
  generation_refused: 422,
  generation_invalid_output: 502,
  generation_truncated: 502,
  internal: 500,
  unavailable: 503,
} as const satisfies Record<ErrorCode, ContentfulStatusCode>;

/** The HTTP status for an error code. */
export function statusOf(code: ErrorCode): ContentfulStatusCode {
  return statusByCode[code];
}

/** Codes that say more than their status does: never guessed from a bare status. */
const specificCodes: ReadonlySet<string> = new Set<ErrorCode>([
  'idempotency_conflict',
  'job_finished',
  'queue_full',
  'generation_refused',
  'generation_invalid_output',
  'generation_truncated',
]);

/** The first general code whose status is `status` (for errors that only carry a status, like Hono's HTTPException). */
export function codeOfStatus(status: number): ErrorCode {
  const entry = Object.entries(statusByCode).find(([code, s]) => s === status && !specificCodes.has(code));
  if (entry !== undefined) return entry[0] as ErrorCode;
  return status >= 500 ? 'internal' : 'bad_request';
}

/** Extra data of an error response; must be safe to show to the client. */
export type ErrorDetails = Readonly<Record<string, unknown>>;

export interface ApiErrorOptions {
  readonly details?: ErrorDetails;
  /** Response headers that belong to this error (`Retry-After`, `Allow`). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly cause?: unknown;
}

/**
 * An error meant for the client: thrown anywhere in a request, shaped by the app's one error
 * handler into `{ error: { code, message, details? } }` with the status of its code. The message
 * is shown to the client, so it must not carry internals.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: ContentfulStatusCode;
  readonly details: ErrorDetails | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: ApiErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = statusOf(code);
    this.details = options.details;
    this.headers = options.headers ?? {};
  }

  /** The wire form of this error. */
  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) } };
  }
}
