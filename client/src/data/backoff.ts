/** Timers as a port, so tests (and the reconnect logic) never depend on the real clock. */
export interface Timers {
  /** Runs `callback` after `ms`; returns a function that cancels it. */
  schedule(callback: () => void, ms: number): () => void;
}

export const realTimers: Timers = {
  schedule(callback, ms) {
    const handle = setTimeout(callback, ms);
    return () => {
      clearTimeout(handle);
    };
  },
};

export interface BackoffPolicy {
  /** Upper bound of the first attempt's random delay. */
  readonly baseMs: number;
  /** Upper bound of any attempt's random delay. */
  readonly maxMs: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 500, maxMs: 30_000 };

/**
 * Exponential backoff with full jitter: a uniformly random delay in `[0, min(max, base·2^attempt))`,
 * added to the floor the close code demands (`minDelayMs`, e.g. 10 s after RateLimited). Full
 * jitter spreads a party of phones that lost the relay at the same moment.
 */
export function backoffDelay(attempt: number, minDelayMs: number, random: () => number, policy: BackoffPolicy = defaultBackoff): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  const jitter = Math.floor(Math.min(Math.max(random(), 0), 1) * ceiling);
  return minDelayMs + jitter;
}
