import { stateFromCheckpoints } from './compaction-plan';
import type { StoredCheckpoint } from './compaction-plan';
import type { Checkpoint, LoadedState } from './types';
import { UpdateLogError } from './types';
import { mergeUpdatesInGroups } from './merge-updates';

/** Every servable point: kept checkpoints, then each entry of the tail. */
export function listCheckpoints(stored: readonly StoredCheckpoint[], state: LoadedState): Checkpoint[] {
  const kept = stored
    .filter((checkpoint) => checkpoint.seq <= state.snapshotSeq)
    .map(({ seq, at, authorId }) => ({ seq, at, authorId }));
  const tail = state.tail.map(({ seq, at, authorId }) => ({ seq, at, authorId }));
  return [...kept, ...tail];
}

/** The doc at `seq`, from the snapshot and tail when `seq` is not compacted, else from an exact checkpoint. */
export function resolveStateAt(
  seq: number,
  headSeq: number,
  state: LoadedState,
  loadCheckpoints: () => Promise<StoredCheckpoint[]>,
): Promise<Uint8Array> | Uint8Array {
  if (!Number.isSafeInteger(seq) || seq < 0 || seq > headSeq) {
    throw new UpdateLogError('unknown_seq', `No seq ${String(seq)} in this doc (head ${String(headSeq)}).`);
  }
  if (seq >= state.snapshotSeq) {
    const tail = state.tail.filter((entry) => entry.seq <= seq).map((entry) => entry.update);
    return mergeUpdatesInGroups(tail, state.snapshot);
  }
  return loadCheckpoints().then((stored) => {
    if (!stored.some((checkpoint) => checkpoint.seq === seq)) {
      throw new UpdateLogError('history_unavailable', `Seq ${String(seq)} was compacted and is not a kept checkpoint.`);
    }
    return stateFromCheckpoints(stored, seq);
  });
}
