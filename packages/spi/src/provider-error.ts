/**
 * How a provider call failed, as far as the jobs service must know to decide what next:
 * - `refused`: the provider will not do this request (content policy, invalid input) — not retried;
 * - `unavailable`: overloaded or down (HTTP 429/5xx, connection refused) — retried after
 *   `retryAfterMs` when the provider said, else with backoff;
 * - `failed`: anything else — retried.
 * A timeout is the caller's to detect (it aborts the signal); providers need not report it.
 */
export type ProviderErrorKind = 'refused' | 'unavailable' | 'failed';

export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly kind: ProviderErrorKind;
  readonly retryAfterMs: number | undefined;

  constructor(kind: ProviderErrorKind, message: string, options: { readonly retryAfterMs?: number; readonly cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.retryAfterMs = options.retryAfterMs;
  }
}

export function isProviderError(error: unknown): error is ProviderError {
  return error instanceof Error && error.name === 'ProviderError' && typeof (error as { kind?: unknown }).kind === 'string';
}
