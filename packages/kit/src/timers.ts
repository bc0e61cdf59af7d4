/**
 * Timers as an injected port: production passes {@link systemTimers}, tests a `ManualTimers`
 * (`@rpg-bot/kit/testing`) that only moves when the test says so. Each call returns the function
 * that cancels it, so callers never hold runtime-specific handles.
 */
export interface Timers {
  /** Runs `callback` once after `ms`; the returned function cancels it. */
  setTimeout(callback: () => void, ms: number): () => void;
  /** Runs `callback` every `ms`; the returned function stops it. */
  setInterval(callback: () => void, ms: number): () => void;
}

/** Browsers and Node cap timer delays at 2^31−1 ms; a longer one would fire at once. Callers re-arm. */
export const MAX_TIMER_DELAY_MS = 2_147_483_647;

const clamp = (ms: number, min: number): number => Math.min(Math.max(min, Number.isFinite(ms) ? ms : min), MAX_TIMER_DELAY_MS);

/** Node's timers have `unref`; a browser's handle is a number. */
const unref = (handle: unknown): void => {
  if (typeof handle !== 'object' || handle === null || !('unref' in handle)) return;
  const { unref: release } = handle;
  if (typeof release === 'function') (release as () => void).call(handle);
};

/**
 * The runtime's timers (browser or Node). In Node they are unref'd: a timer alone never keeps a
 * process, or a test run, alive.
 */
export const systemTimers: Timers = {
  setTimeout(callback, ms) {
    const handle = globalThis.setTimeout(callback, clamp(ms, 0));
    unref(handle);
    return () => {
      globalThis.clearTimeout(handle);
    };
  },
  setInterval(callback, ms) {
    const handle = globalThis.setInterval(callback, clamp(ms, 1));
    unref(handle);
    return () => {
      globalThis.clearInterval(handle);
    };
  },
};
