import { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import { ProviderError } from '@rpg-bot/spi';

/** The `error.code` values with which OpenAI refuses a prompt on content-policy grounds. */
export const REFUSAL_CODES: ReadonlySet<string> = new Set(['content_policy_violation', 'moderation_blocked']);

/**
 * How long the server asked us to wait: `retry-after-ms` (OpenAI's, milliseconds), else
 * `retry-after` (seconds or an HTTP date). Undefined when neither says anything usable.
 */
export function retryAfterMs(headers: Headers | undefined, now: () => number = Date.now): number | undefined {
  const ms = headers?.get('retry-after-ms');
  if (ms != null && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.ceil(Number(ms));
  const after = headers?.get('retry-after')?.trim();
  if (after == null || after === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(after)) return Math.ceil(Number(after) * 1000);
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now());
}

/**
 * Turns what the SDK threw into the SPI's error kinds, so the jobs runner knows what to do:
 * a content-policy refusal is `refused` (never retried); 408, 409, 429, 5xx and connection
 * failures are `unavailable` (retried, after `retryAfterMs` when the server said); any other
 * status is `failed`. When the call's own signal aborted it, the signal's reason is rethrown: the
 * caller cancelled or timed the call out and knows why.
 */
export function toProviderError(error: unknown, signal: AbortSignal, what: string, now: () => number = Date.now): unknown {
  if (signal.aborted) return signal.reason;
  if (error instanceof ProviderError) return error;
  if (error instanceof APIUserAbortError) return new ProviderError('failed', `OpenAI ${what}: the request was aborted`, { cause: error });
  if (error instanceof APIConnectionError)
    return new ProviderError('unavailable', `OpenAI ${what}: cannot reach the API (${error.message}); check OPENAI_BASE_URL and the network`, { cause: error });
  if (error instanceof APIError) {
    // `instanceof` narrows to APIError<any, any, any>; read the generic fields as what they are.
    const rawStatus: unknown = error.status;
    const rawHeaders: unknown = error.headers;
    const status = typeof rawStatus === 'number' ? rawStatus : 0;
    const headers = rawHeaders instanceof Headers ? rawHeaders : undefined;
    // The SDK's message starts with the status already ("429 Rate limit reached …").
    const message = error.message.replace(/^\d{3}\s+/, '');
    const detail = `${what} answered ${status}: ${message}`;
    if (status === 400 && typeof error.code === 'string' && REFUSAL_CODES.has(error.code))
      return new ProviderError('refused', `OpenAI refused the ${what} request (${error.code}): ${message}`, { cause: error });
    if (status === 408 || status === 409 || status === 429 || status >= 500) {
      const wait = retryAfterMs(headers, now);
      return new ProviderError('unavailable', `OpenAI ${detail}`, { cause: error, ...(wait === undefined ? {} : { retryAfterMs: wait }) });
    }
    if (status === 401 || status === 403) return new ProviderError('failed', `OpenAI ${detail} (check OPENAI_API_KEY)`, { cause: error });
    return new ProviderError('failed', `OpenAI ${detail}`, { cause: error });
  }
  return new ProviderError('failed', `OpenAI ${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}
