import * as Y from 'yjs';
import { judge } from './integration-check';
import { loadabilityProblem } from './doc-loadability';
import type { DocRewrite, LoadedState } from './types';

/** What a repair changes, and what it dropped (for the log). */
export interface RepairPlan {
  readonly changes: DocRewrite;
  /** Tail entries whose content was dropped, and why. */
  readonly dropped: readonly { readonly seq: number; readonly problem: string }[];
  /** Set when the snapshot itself was damaged and had to be reduced to what integrates. */
  readonly snapshotProblem?: string;
  /** Set when even the repaired doc is not loadable (nothing is written then). */
  readonly unrepairable?: string;
}

/** The empty Yjs update: what a dropped row holds afterwards, so seqs stay gapless. */
const EMPTY_UPDATE = Uint8Array.of(0, 0);

/**
 * Plans the repair of a doc stored before SYNC-UPDATE-5/6 (SYNC-UPDATE-7): replays the snapshot
 * and the tail in seq order through the same integration check new updates pass, and drops the
 * content of every row that fails it — the row stays, holding the empty update, so seqs stay
 * gapless and history keeps its points. Everything else is kept byte for byte. A damaged snapshot
 * (a poisoned row folded in by compaction) is reduced to what a fresh doc integrates of it.
 */
export function planRepair(state: LoadedState): RepairPlan {
  let doc = new Y.Doc();
  const kept: Uint8Array[] = [];
  let snapshotProblem: string | undefined;
  let snapshot: Uint8Array | undefined;
  if (state.snapshot !== null) {
    const verdict = judge(doc, state.snapshot);
    if ('refused' in verdict) {
      snapshotProblem = verdict.refused;
      doc = new Y.Doc();
      try {
        Y.applyUpdate(doc, state.snapshot);
      } catch {
        // Whatever integrated before Yjs threw is what can be saved.
      }
      doc.store.pendingStructs = null;
      doc.store.pendingDs = null;
      snapshot = Y.encodeStateAsUpdate(doc);
    }
    kept.push(snapshot ?? state.snapshot);
  }
  const entries = new Map<number, Uint8Array>();
  const dropped: { seq: number; problem: string }[] = [];
  for (const entry of state.tail) {
    const verdict = judge(doc, entry.update);
    if ('refused' in verdict) {
      entries.set(entry.seq, EMPTY_UPDATE);
      dropped.push({ seq: entry.seq, problem: verdict.refused });
      // A failed integration may have left the doc half-changed: replay what is kept.
      doc = new Y.Doc();
      for (const update of kept) Y.applyUpdate(doc, update);
      continue;
    }
    kept.push(entry.update);
  }
  const changes: DocRewrite = { ...(snapshot === undefined ? {} : { snapshot }), entries };
  const unrepairable = loadabilityProblem(Y.mergeUpdates(kept.length === 0 ? [EMPTY_UPDATE] : kept)) ?? undefined;
  return {
    changes,
    dropped,
    ...(snapshotProblem === undefined ? {} : { snapshotProblem }),
    ...(unrepairable === undefined ? {} : { unrepairable }),
  };
}
