/** Timers as an injected port: tests drive them by hand, production uses unref'd Node timers. */
export interface Timers {
  /** Runs `callback` once after `ms`; the returned function cancels it. */
  setTimeout(callback: () => void, ms: number): () => void;
  /** Runs `callback` every `ms`; the returned function stops it. */
  setInterval(callback: () => void, ms: number): () => void;
}

/** Node caps timer delays at 2^31−1 ms; a longer one would fire at once. Callers re-arm. */
const MAX_DELAY_MS = 2_147_483_647;

/** Node timers, unref'd: a timer alone must never keep a process (or a test run) alive. */
export const nodeTimers: Timers = {
  setTimeout(callback, ms) {
    const timer = setTimeout(callback, Math.min(Math.max(0, ms), MAX_DELAY_MS));
    timer.unref();
    return () => {
      clearTimeout(timer);
    };
  },
  setInterval(callback, ms) {
    const timer = setInterval(callback, Math.min(Math.max(1, ms), MAX_DELAY_MS));
    timer.unref();
    return () => {
      clearInterval(timer);
    };
  },
};
