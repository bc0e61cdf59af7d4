import { planCheckpoints } from './checkpoint-plan';
import type { CheckpointPolicy } from './checkpoint-plan';
import type { LogEntry } from './types';
import { mergeUpdatesInGroups } from './merge-updates';

/** A kept point of history: the updates since the previous kept point merged into one (or the whole doc when `base`). */
export interface StoredCheckpoint {
  readonly seq: number;
  readonly at: Date;
  readonly authorId: string;
  readonly base: boolean;
  readonly data: Uint8Array;
}

export interface CompactionPlan {
  readonly upperSeq: number;
  readonly snapshot: Uint8Array;
  /** Checkpoints to add; when `replaceHistory`, they replace every older one. */
  readonly checkpoints: readonly StoredCheckpoint[];
  readonly replaceHistory: boolean;
}

/**
 * Folds `entries` (a contiguous run right after `snapshotSeq`) into a new snapshot, plus the
 * checkpoints that keep their history servable. Pure: adapters run it outside any transaction and
 * only write its result, so a long merge never holds a lock.
 */
export function planCompaction(
  snapshot: Uint8Array | null,
  entries: readonly LogEntry[],
  keepHistory: boolean,
  policy: CheckpointPolicy,
): CompactionPlan | null {
  const last = entries.at(-1);
  if (last === undefined) return null;
  const updates = entries.map((entry) => entry.update);
  const merged = mergeUpdatesInGroups(updates, snapshot);
  if (!keepHistory) {
    // History before this point is forgotten; one base checkpoint restarts the chain later deltas build on.
    const base: StoredCheckpoint = { seq: last.seq, at: last.at, authorId: last.authorId, base: true, data: merged };
    return { upperSeq: last.seq, snapshot: merged, checkpoints: [base], replaceHistory: true };
  }
  const checkpoints: StoredCheckpoint[] = [];
  let from = 0;
  for (const end of planCheckpoints(entries, policy)) {
    const at = entries[end];
    if (at === undefined) continue;
    // One checkpoint over the whole run of a doc with no snapshot yet is the merged doc itself.
    const whole = snapshot === null && from === 0 && end === entries.length - 1;
    const delta = whole ? merged : mergeUpdatesInGroups(updates.slice(from, end + 1));
    checkpoints.push({ seq: at.seq, at: at.at, authorId: at.authorId, base: false, data: delta });
    from = end + 1;
  }
  return { upperSeq: last.seq, snapshot: merged, checkpoints, replaceHistory: false };
}

/** Entries from the first one until the first gap in seq numbers (an append still committing). */
export function contiguousRun(entries: readonly LogEntry[], afterSeq: number): LogEntry[] {
  const run: LogEntry[] = [];
  let expected = afterSeq + 1;
  for (const entry of entries) {
    if (entry.seq !== expected) break;
    run.push(entry);
    expected += 1;
  }
  return run;
}

/** The doc at `seq` from the kept checkpoints (ascending, starting at a base or at seq 0). */
export function stateFromCheckpoints(checkpoints: readonly StoredCheckpoint[], seq: number): Uint8Array {
  let startIndex = 0;
  checkpoints.forEach((checkpoint, index) => {
    if (checkpoint.base && checkpoint.seq <= seq) startIndex = index;
  });
  const parts = checkpoints.slice(startIndex).filter((checkpoint) => checkpoint.seq <= seq);
  const [first, ...rest] = parts;
  // A base holds the whole doc: it joins the merge once, the deltas after it are merged in groups.
  if (first?.base === true) return mergeUpdatesInGroups(rest.map((checkpoint) => checkpoint.data), first.data);
  return mergeUpdatesInGroups(parts.map((checkpoint) => checkpoint.data));
}
