// Test support: timers and a clock that only move when a test says so (`@rpg-bot/kit/testing`).
import type { Timers } from './timers';

interface Scheduled {
  readonly due: number;
  readonly callback: () => void;
  readonly every: number | undefined;
}

/** A manual clock with timers: `advance(ms)` moves time and runs what fell due, in due order. */
export class ManualTimers implements Timers {
  now: number;
  readonly #scheduled = new Map<number, Scheduled>();
  #next = 0;

  constructor(start = Date.parse('2026-11-24T10:00:00.000Z')) {
    this.now = start;
  }

  readonly clock = (): number => this.now;

  setTimeout(callback: () => void, ms: number): () => void {
    return this.#add({ due: this.now + Math.max(0, ms), callback, every: undefined });
  }

  setInterval(callback: () => void, ms: number): () => void {
    return this.#add({ due: this.now + Math.max(1, ms), callback, every: Math.max(1, ms) });
  }

  /** Timers still scheduled. */
  pending(): number {
    return this.#scheduled.size;
  }

  /** When the next scheduled timer falls due (undefined when none is). */
  nextDue(): number | undefined {
    let next: number | undefined;
    for (const item of this.#scheduled.values()) if (next === undefined || item.due < next) next = item.due;
    return next;
  }

  /** Drops every scheduled timer without running it (a test simulating a suspended page). */
  cancelAll(): void {
    this.#scheduled.clear();
  }

  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const next = [...this.#scheduled.entries()].sort((a, b) => a[1].due - b[1].due)[0];
      if (next === undefined || next[1].due > until) break;
      const [id, item] = next;
      this.now = Math.max(this.now, item.due);
      if (item.every === undefined) this.#scheduled.delete(id);
      else this.#scheduled.set(id, { ...item, due: item.due + item.every });
      item.callback();
    }
    this.now = until;
  }

  #add(item: Scheduled): () => void {
    const id = this.#next;
    this.#next += 1;
    this.#scheduled.set(id, item);
    return () => {
      this.#scheduled.delete(id);
    };
  }
}
