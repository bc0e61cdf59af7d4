import * as Y from 'yjs';
import { checkStorable, checkStoredForm, decodeForStore, missingDependency, resendsKnownStructs } from './update-invariants';
import type { DecodedUpdate } from './update-invariants';

/** `store`: the part of the update the doc lacks (what the log stores and peers get); `refused`: why not. */
export type GateVerdict = { readonly store: Uint8Array } | { readonly refused: string };

/**
 * Admits `update` into the mirror: storage rules, dependencies, then integration of the part the
 * doc lacks. Storing only that part (`Y.diffUpdate` against the mirror's state vector) means no
 * two stored updates ever claim the same id with different content — an update that re-uses known
 * ids for other content cannot make a joiner's merged state differ from what members integrated.
 *
 * What is stored is the integration's effect, and that is what every member applies to a doc that
 * holds the mirror's state from before it: so the effect itself is held to the rules a received
 * update passes — the stored form (`checkStoredForm`) and every dependency in that earlier state —
 * and refused when it breaks one (the mirror, which integrated it, is then rebuilt).
 */
export function judge(doc: Y.Doc, update: Uint8Array): GateVerdict {
  try {
    const decoded = decodeForStore(update);
    if (!checkStorable(decoded).meaningful) return { store: NOTHING };
    const stateVector = Y.encodeStateVector(doc);
    const before = Y.decodeStateVector(stateVector);
    const missing = missingDependency(decoded, before);
    if (missing !== null) return { refused: missing };
    // Only an update that re-sends structs the doc holds needs trimming (a whole-doc diff costs as
    // much as decoding it again); new edits and uploads integrate as they are.
    const news = resendsKnownStructs(decoded, before) ? Y.diffUpdate(update, stateVector) : update;
    // What the integration did, in Yjs' own encoding — its new structs, its deletes, and the
    // deletes conflict resolution made on the way (a map key overwritten): stored and broadcast
    // instead of the update itself, so every member and joiner ends with exactly the mirror's doc.
    let effect: Uint8Array | undefined;
    const record = (change: Uint8Array): void => {
      effect = change;
    };
    doc.on('update', record);
    let problem: string | null;
    try {
      problem = integrate(doc, news);
    } finally {
      doc.off('update', record);
    }
    if (problem !== null) return { refused: problem };
    // No effect (every delete named content the doc lacks): the log acks it like a duplicate (SYNC-ACK-9).
    if (effect === undefined) return { store: NOTHING };
    // A live edit's effect is, byte for byte, the update itself (Yjs re-encodes what it integrated):
    // then the update's own decoding, already checked against `before`, stands for the effect's.
    const unapplicable = news === update && sameBytes(effect, update) ? storedFormProblem(decoded) : storedProblem(effect, before);
    if (unapplicable !== null) {
      markForRebuild(doc);
      return { refused: `what its integration would store is not applicable by members (${unapplicable})` };
    }
    return { store: effect };
  } catch (error) {
    return { refused: error instanceof Error ? error.message : String(error) };
  }
}

export function storageRulesOnly(update: Uint8Array): GateVerdict {
  try {
    checkStorable(decodeForStore(update));
    return { store: update };
  } catch (error) {
    return { refused: error instanceof Error ? error.message : String(error) };
  }
}

/** The empty Yjs update: the log answers it as a duplicate, with the doc's head seq, storing nothing. */
export const NOTHING = Uint8Array.of(0, 0);

/** Why members holding the state `before` could not apply `effect`; `null` when they can. */
function storedProblem(effect: Uint8Array, before: ReadonlyMap<number, number>): string | null {
  try {
    const decoded = decodeForStore(effect);
    checkStoredForm(decoded);
    return missingDependency(decoded, before);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Why `decoded` breaks the stored form; `null` when it keeps it. */
function storedFormProblem(decoded: DecodedUpdate): string | null {
  try {
    checkStoredForm(decoded);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.compare(a, b) === 0;
}

/** Leaves a marker on `doc` that tells `DocMirrors` to rebuild it: it holds something not stored. */
function markForRebuild(doc: Y.Doc): void {
  doc.store.pendingStructs ??= { missing: new Map(), update: new Uint8Array() };
}

/** Integrates `update`; the problem when Yjs threw or left part of it waiting for a dependency. */
export function integrate(doc: Y.Doc, update: Uint8Array): string | null {
  try {
    Y.applyUpdate(doc, update);
  } catch (error) {
    // The transaction may have stopped half-way.
    markForRebuild(doc);
    return `Yjs cannot integrate it (${error instanceof Error ? error.message : String(error)})`;
  }
  if (doc.store.pendingStructs !== null) return 'part of it depends on content the doc does not hold';
  // Deletes of content the doc lacks are dropped, not kept aside to strike whatever arrives later
  // under those ids: what was stored (the integration's effect) is then all anyone ever applies.
  doc.store.pendingDs = null;
  return null;
}
