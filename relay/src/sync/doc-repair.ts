import * as Y from 'yjs';
import { judge } from './integration-check';
import { loadabilityProblem } from './doc-loadability';
import { structProblem } from './update-invariants';
import type { DocRewrite, LoadedState, UpdateLog } from './types';
import { UpdateLogError } from './types';

/** What a repair changes, and what it dropped (for the log). */
export interface RepairPlan {
  readonly changes: DocRewrite;
  /** Tail entries whose content was dropped, and why. */
  readonly dropped: readonly { readonly seq: number; readonly problem: string }[];
  /** Set when the snapshot itself was damaged and had to be reduced to what integrates. */
  readonly snapshotProblem?: string;
  /** Kept history checkpoints that did not load (`planDocRepair` only; see `planCheckpointRepair`). */
  readonly checkpointProblems?: readonly { readonly seq: number; readonly problem: string }[];
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
    const reduced = reduceToIntegrable(state.snapshot);
    if (reduced.problem !== undefined) {
      snapshotProblem = reduced.problem;
      snapshot = reduced.state;
    }
    doc = reduced.doc;
    kept.push(reduced.state);
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

/**
 * What a fresh doc keeps of `update`: the update itself when the integration check accepts it.
 * Else what Yjs integrates of it, without anything left pending, and with every struct that breaks
 * a storage rule dropped together with the later structs of its client (a client's structs
 * integrate in clock order; the rules hold for a state exactly when they hold for each struct);
 * items that referred to what was dropped are dropped in turn. Returns the reason too, and `doc`
 * holds the kept state.
 */
function reduceToIntegrable(update: Uint8Array): { readonly state: Uint8Array; readonly doc: Y.Doc; readonly problem?: string } {
  const checked = new Y.Doc();
  const verdict = judge(checked, update);
  if (!('refused' in verdict)) return { state: update, doc: checked };
  const integrated = integrateWhatLoads(update);
  for (const [client, structs] of integrated.store.clients) {
    const first = structs.findIndex((struct) => structProblem(struct) !== null);
    if (first === 0) integrated.store.clients.delete(client);
    else if (first > 0) structs.splice(first);
  }
  const doc = integrateWhatLoads(Y.encodeStateAsUpdate(integrated));
  return { state: Y.encodeStateAsUpdate(doc), doc, problem: verdict.refused };
}

/** A doc holding what Yjs integrates of `update` before it fails, with nothing left pending. */
function integrateWhatLoads(update: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, update);
  } catch {
    // Whatever integrated before Yjs threw is what can be saved.
  }
  doc.store.pendingStructs = null;
  doc.store.pendingDs = null;
  return doc;
}

/** Kept history checkpoints to rewrite (`DocRewrite.checkpoints`), and why. */
export interface CheckpointRepair {
  readonly checkpoints: ReadonlyMap<number, Uint8Array>;
  readonly problems: readonly { readonly seq: number; readonly problem: string }[];
}

/**
 * Plans the repair of a doc's history (SYNC-UPDATE-7): compaction may have folded a damaged row
 * into the kept checkpoints as well as into the snapshot, and `stateAt` would then serve a state
 * no member can load. Each kept checkpoint's state is checked in seq order; from the first one
 * that fails on, every kept checkpoint becomes a base checkpoint holding what a fresh doc
 * integrates of its state (later ones are deltas on the damaged one). The checkpoint at the
 * snapshot's seq is the snapshot: `snapshot` is the repaired one when the snapshot was damaged
 * (`repaired` true), and that checkpoint is rebased on it. O(checkpoints × doc); repairs only.
 */
export async function planCheckpointRepair(
  log: Pick<UpdateLog, 'checkpoints' | 'stateAt'>,
  docId: string,
  state: LoadedState,
  snapshot: { readonly state: Uint8Array | null; readonly repaired: boolean },
): Promise<CheckpointRepair> {
  const points = (await log.checkpoints(docId)).filter((checkpoint) => checkpoint.seq <= state.snapshotSeq);
  const checkpoints = new Map<number, Uint8Array>();
  const problems: { seq: number; problem: string }[] = [];
  let rebasing = false;
  let previous: Uint8Array = EMPTY_UPDATE;
  for (const { seq } of points) {
    if (seq === state.snapshotSeq && snapshot.state !== null) {
      if (rebasing || snapshot.repaired) checkpoints.set(seq, snapshot.state);
      continue;
    }
    let kept: Uint8Array;
    let problem: string | undefined;
    try {
      const reduced = reduceToIntegrable(await log.stateAt(docId, seq));
      kept = reduced.state;
      problem = reduced.problem;
    } catch (error) {
      if (error instanceof UpdateLogError) throw error;
      // Its parts do not even merge: the point keeps the state of the point before it.
      kept = previous;
      problem = `its state does not merge (${error instanceof Error ? error.message : String(error)})`;
    }
    if (problem !== undefined) problems.push({ seq, problem });
    rebasing ||= problem !== undefined;
    if (rebasing) checkpoints.set(seq, kept);
    previous = kept;
  }
  return { checkpoints, problems };
}

/**
 * The whole repair of one stored doc (SYNC-UPDATE-7): its snapshot and tail (`planRepair`) and its
 * kept history (`planCheckpointRepair`), as one `DocRewrite`. Nothing to do when `changes` is
 * empty and no problem is set.
 */
export async function planDocRepair(log: Pick<UpdateLog, 'loadState' | 'checkpoints' | 'stateAt'>, docId: string): Promise<RepairPlan & { readonly state: LoadedState }> {
  const state = await log.loadState(docId);
  const plan = planRepair(state);
  const snapshot = plan.changes.snapshot ?? state.snapshot;
  const history = await planCheckpointRepair(log, docId, state, { state: snapshot, repaired: plan.snapshotProblem !== undefined });
  if (history.checkpoints.size === 0 && history.problems.length === 0) return { ...plan, state };
  return {
    ...plan,
    state,
    changes: { ...plan.changes, checkpoints: history.checkpoints },
    checkpointProblems: history.problems,
  };
}
