import { randomBytes } from 'node:crypto';
import type { Database } from '../database';

/** What each part of the conformance suite gets: the database under test and unique names. */
export interface ConformanceContext {
  /** The database from `setup` (available inside tests, not while they are declared). */
  db(): Database;
  /** A name no other test uses, e.g. `t_3f9a1c_7`: tests share one database. */
  unique(prefix: string): string;
}

/** A context whose database is set in beforeAll. */
export function createContext(): ConformanceContext & { set(db: Database | undefined): void } {
  const run = randomBytes(3).toString('hex');
  let counter = 0;
  let current: Database | undefined;
  return {
    set(db) {
      current = db;
    },
    db() {
      if (current === undefined) throw new Error('The conformance setup did not provide a database');
      return current;
    },
    unique(prefix) {
      counter += 1;
      return `${prefix}_${run}_${counter}`;
    },
  };
}

/** Resolves once `condition` holds; rejects after `timeoutMs` (a liveness bound, not a timing assertion). */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Lets other queued work run (several macrotask turns), without asserting anything about time. */
export async function yieldTurns(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i += 1) await new Promise((resolve) => setImmediate(resolve));
}
