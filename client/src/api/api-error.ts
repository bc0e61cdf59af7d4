import type { ErrorCode } from '@rpg-bot/contracts';
import { errorCodes, isErrorCode } from '@rpg-bot/contracts';

/**
 * What went wrong with an API call: a code of the server's closed set, `offline` when no answer
 * came back at all (no network, server down, CORS), or `invalid_response` when the answer was not
 * what the contract promises (a proxy's HTML page, an older server).
 */
export type ApiErrorCode = ErrorCode | 'offline' | 'invalid_response';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: ApiErrorCode;
  /** HTTP status; 0 when there was no response. */
  readonly status: number;
  readonly details: unknown;
  /** From a `Retry-After` header (429, 503): how long to wait before asking again. */
  readonly retryAfterMs: number | undefined;

  constructor(code: ApiErrorCode, message: string, options: { status?: number; details?: unknown; cause?: unknown; retryAfterMs?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status ?? 0;
    this.details = options.details;
    this.retryAfterMs = options.retryAfterMs;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** The i18n key of the user-facing text for an error code (`error.<code>`); the shell holds the texts. */
export function errorMessageKey(error: unknown): string {
  if (isApiError(error)) return `error.${error.code}`;
  return 'error.unknown';
}

/** Every key `errorMessageKey` can return, so the shell's message table can be checked against it. */
export const errorMessageKeys: readonly string[] = ['error.unknown', 'error.offline', 'error.invalid_response', ...errorCodes.map((code) => `error.${code}`)];

/** Reads `{ error: { code, message, details? } }`; anything else becomes `invalid_response`. */
export function errorFromBody(status: number, body: unknown, retryAfterMs?: number): ApiError {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const detail: unknown = body.error;
    if (typeof detail === 'object' && detail !== null && 'code' in detail && isErrorCode(detail.code)) {
      const message = 'message' in detail && typeof detail.message === 'string' ? detail.message : detail.code;
      const details = 'details' in detail ? detail.details : undefined;
      return new ApiError(detail.code, message, { status, details, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
    }
  }
  return new ApiError('invalid_response', `HTTP ${status} without the shared error body`, { status });
}

/** `Retry-After` in seconds (the HTTP-date form is not used by our servers), as milliseconds. */
export function retryAfterMs(header: string | null): number | undefined {
  if (header === null || !/^\d{1,6}$/.test(header.trim())) return undefined;
  return Number(header.trim()) * 1000;
}
