import type { LoadedState, UpdateLog } from '../types';
import { UpdateLogError } from '../types';

/** Gives each test the log set up by `runUpdateLogConformance` (available once its beforeAll ran). */
export type LogAccess = () => UpdateLog;

export const minute = 60_000;
export const t0 = Date.UTC(2026, 0, 1, 12);
let docCounter = 0;
export const freshDoc = (): string => `doc-${String(Date.now())}-${String((docCounter += 1))}`;
export const meta = (authorId: string, minutes = 0): { authorId: string; at: Date } => ({ authorId, at: new Date(t0 + minutes * minute) });

export function stateOf(loaded: LoadedState): Uint8Array[] {
  return [...(loaded.snapshot === null ? [] : [loaded.snapshot]), ...loaded.tail.map((entry) => entry.update)];
}

export async function rejectionCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UpdateLogError) return error.code;
    throw error;
  }
  return 'resolved';
}
