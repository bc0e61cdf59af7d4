// One clock for every benchmark process: wall-clock milliseconds with sub-millisecond resolution.
// Processes on one machine read the same wall clock; `measureOffset` corrects what remains.

/** @returns {number} milliseconds since the epoch, fractional */
export function now() {
  return performance.timeOrigin + performance.now();
}

/**
 * @param {number} ms
 * @returns {Promise<void>}
 */
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `check` every `everyMs` until it returns true; rejects naming `what` after `timeoutMs`.
 * @param {() => boolean | Promise<boolean>} check
 * @param {{ what: string, timeoutMs: number, everyMs?: number }} options
 * @returns {Promise<void>}
 */
export async function waitFor(check, { what, timeoutMs, everyMs = 20 }) {
  const deadline = now() + timeoutMs;
  while (!(await check())) {
    if (now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
