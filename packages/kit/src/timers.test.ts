import { describe, expect, it } from 'vitest';
import { ManualTimers } from './manual-timers';
import { MAX_TIMER_DELAY_MS, systemTimers } from './timers';
import type { Timers } from './timers';

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('systemTimers', () => {
  it('runs a timeout once and an interval until stopped', async () => {
    let once = 0;
    let every = 0;
    systemTimers.setTimeout(() => (once += 1), 1);
    const stop = systemTimers.setInterval(() => (every += 1), 2);
    await wait(30);
    stop();
    const seen = every;
    await wait(10);
    expect(once).toBe(1);
    expect(seen).toBeGreaterThan(1);
    expect(every).toBe(seen);
  });

  it('cancels a timeout before it fires', async () => {
    let fired = false;
    const cancel = systemTimers.setTimeout(() => (fired = true), 5);
    cancel();
    await wait(20);
    expect(fired).toBe(false);
  });

  it('does not fire at once for a delay beyond the runtime’s cap, or a non-finite one twice', async () => {
    let fired = 0;
    const cancel = systemTimers.setTimeout(() => (fired += 1), MAX_TIMER_DELAY_MS * 4);
    systemTimers.setTimeout(() => (fired += 10), Number.NaN);
    await wait(20);
    cancel();
    expect(fired).toBe(10);
  });
});

describe('ManualTimers', () => {
  it('moves only when advanced, and runs what fell due in due order', () => {
    const timers: Timers & ManualTimers = new ManualTimers(0);
    const log: string[] = [];
    timers.setTimeout(() => log.push('b@20'), 20);
    timers.setTimeout(() => log.push('a@10'), 10);
    const stop = timers.setInterval(() => log.push(`tick@${String(timers.now)}`), 15);
    timers.advance(9);
    expect(log).toEqual([]);
    timers.advance(21);
    expect(log).toEqual(['a@10', 'tick@15', 'b@20', 'tick@30']);
    stop();
    timers.advance(100);
    expect(log).toHaveLength(4);
    expect(timers.pending()).toBe(0);
    expect(timers.clock()).toBe(130);
  });

  it('cancels a pending timeout', () => {
    const timers = new ManualTimers(0);
    let fired = false;
    const cancel = timers.setTimeout(() => (fired = true), 5);
    expect(timers.pending()).toBe(1);
    cancel();
    timers.advance(10);
    expect(fired).toBe(false);
  });
});

describe('ManualTimers helpers', () => {
  it('nextDue names the earliest timer; cancelAll drops them all unrun', () => {
    const timers = new ManualTimers(100);
    expect(timers.nextDue()).toBeUndefined();
    let fired = false;
    timers.setTimeout(() => (fired = true), 50);
    timers.setInterval(() => (fired = true), 20);
    expect(timers.nextDue()).toBe(120);
    timers.cancelAll();
    timers.advance(1000);
    expect(fired).toBe(false);
    expect(timers.pending()).toBe(0);
  });
});
