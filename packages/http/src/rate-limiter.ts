import type { Context, Env, MiddlewareHandler } from 'hono';
import { ApiError } from './api-error';
import { createTokenBuckets } from './token-buckets';
import type { TokenBucketOptions } from './token-buckets';

export interface RateLimiterOptions<E extends Env = Env> extends TokenBucketOptions {
  /** The bucket a request draws from (e.g. client address + route), or `null` to let it through unmetered. */
  readonly keyOf: (c: Context<E>) => string | null;
}

/**
 * Token-bucket rate limiting: each key may burst `capacity` requests, then `refillPerSecond`.
 * Over the limit it answers 429 `rate_limited` with `Retry-After` in whole seconds (at least 1).
 */
export function rateLimiter<E extends Env = Env>(options: RateLimiterOptions<E>): MiddlewareHandler<E> {
  const buckets = createTokenBuckets(options);
  return async (c, next) => {
    const key = options.keyOf(c);
    if (key !== null) {
      const result = buckets.take(key);
      if (!result.allowed) {
        const { retryAfterSeconds } = result;
        throw new ApiError('rate_limited', `Too many requests; retry in ${retryAfterSeconds} s.`, {
          details: { retryAfterSeconds },
          headers: { 'Retry-After': String(retryAfterSeconds) },
        });
      }
    }
    await next();
  };
}
