import type { LogEntry } from './types';

/** How densely compaction keeps history. */
export interface CheckpointPolicy {
  /** A pause longer than this between two updates of the same author ends an editing session. */
  readonly sessionGapMs: number;
  /** Never fold more than this many updates into one checkpoint. */
  readonly maxUpdatesPerCheckpoint: number;
}

export const defaultCheckpointPolicy: CheckpointPolicy = { sessionGapMs: 10 * 60_000, maxUpdatesPerCheckpoint: 100 };

/**
 * The entries (by index) after which a checkpoint is kept: the end of every author session, every
 * `maxUpdatesPerCheckpoint` updates, and always the last entry, so the compacted range ends on one.
 */
export function planCheckpoints(entries: readonly LogEntry[], policy: CheckpointPolicy): number[] {
  const ends: number[] = [];
  let since = 0;
  entries.forEach((entry, index) => {
    since += 1;
    const next = entries[index + 1];
    const sessionEnds =
      next === undefined || next.authorId !== entry.authorId || next.at.getTime() - entry.at.getTime() > policy.sessionGapMs;
    if (sessionEnds || since >= policy.maxUpdatesPerCheckpoint) {
      ends.push(index);
      since = 0;
    }
  });
  return ends;
}
