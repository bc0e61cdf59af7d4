import { LRUCache } from 'lru-cache';

export interface TokenBucketOptions {
  /** Tokens in a full bucket: the burst a key may spend at once. */
  readonly capacity: number;
  /** Tokens added per second, up to the capacity. */
  readonly refillPerSecond: number;
  /** Milliseconds; injected so tests advance time instead of sleeping. */
  readonly clock: () => number;
  /** Hard cap on remembered keys, an integer (default 100 000); the least recently used key is dropped beyond it. */
  readonly maxKeys?: number;
}

export type TakeResult = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

/** Token buckets for many keys (client + route), each refilled lazily when touched. */
export interface TokenBuckets {
  /** Takes `cost` tokens from `key`'s bucket if it has them. */
  take(key: string, cost?: number): TakeResult;
  /** Keys currently remembered (for tests and metrics). */
  readonly size: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Creates token buckets with bounded memory: a bucket that has refilled to capacity is the same as
 * no bucket, so idle full buckets are swept (one pass per refill period at most), and `maxKeys`
 * bounds the store even under a flood of distinct keys (an `lru-cache` holds the buckets; the
 * refill arithmetic is ours, see ADR 0018).
 */
export function createTokenBuckets(options: TokenBucketOptions): TokenBuckets {
  const { capacity, refillPerSecond, clock, maxKeys = 100_000 } = options;
  if (!(capacity >= 1) || !(refillPerSecond > 0) || !(Number.isInteger(maxKeys) && maxKeys >= 1)) {
    throw new RangeError('token buckets need capacity >= 1, refillPerSecond > 0 and an integer maxKeys >= 1');
  }
  // Setting a key makes it the most recently used; setting one beyond `max` drops the least recently used.
  const buckets = new LRUCache<string, Bucket>({ max: maxKeys });
  const fullAfterMs = (capacity / refillPerSecond) * 1000;
  let lastSweep = clock();

  const tokensAt = (bucket: Bucket, now: number) =>
    // A clock stepping backwards must not take tokens away.
    Math.min(capacity, bucket.tokens + (Math.max(0, now - bucket.updatedAt) * refillPerSecond) / 1000);

  const sweep = (now: number) => {
    // Collected first: the cache's iterators make no promise about deletes during the walk.
    const full = [...buckets.entries()].filter(([, bucket]) => tokensAt(bucket, now) >= capacity);
    for (const [key] of full) buckets.delete(key);
    lastSweep = now;
  };

  return {
    take(key, cost = 1) {
      const now = clock();
      if (now - lastSweep >= fullAfterMs) sweep(now);
      const existing = buckets.get(key);
      let tokens = existing === undefined ? capacity : tokensAt(existing, now);
      const allowed = tokens >= cost;
      if (allowed) tokens -= cost;
      buckets.set(key, { tokens, updatedAt: now });
      if (allowed) return { allowed: true };
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((cost - tokens) / refillPerSecond)) };
    },
    get size() {
      return buckets.size;
    },
  };
}
