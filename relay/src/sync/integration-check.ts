import * as Y from 'yjs';
import { checkStorable, decodeForStore, missingDependency } from './update-invariants';

/** `store`: the part of the update the doc lacks (what the log stores and peers get); `refused`: why not. */
export type GateVerdict = { readonly store: Uint8Array } | { readonly refused: string };

/**
 * Admits `update` into the mirror: storage rules, dependencies, then integration of the part the
 * doc lacks. Storing only that part (`Y.diffUpdate` against the mirror's state vector) means no
 * two stored updates ever claim the same id with different content — an update that re-uses known
 * ids for other content cannot make a joiner's merged state differ from what members integrated.
 */
export function judge(doc: Y.Doc, update: Uint8Array): GateVerdict {
  try {
    const decoded = decodeForStore(update);
    if (!checkStorable(decoded).meaningful) return { store: NOTHING };
    const stateVector = Y.encodeStateVector(doc);
    const missing = missingDependency(decoded, Y.decodeStateVector(stateVector));
    if (missing !== null) return { refused: missing };
    const news = Y.diffUpdate(update, stateVector);
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
    return { store: effect ?? NOTHING };
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

/** Integrates `update`; the problem when Yjs threw or left part of it waiting for a dependency. */
export function integrate(doc: Y.Doc, update: Uint8Array): string | null {
  try {
    Y.applyUpdate(doc, update);
  } catch (error) {
    // Leave a marker so the caller rebuilds: the transaction may have stopped half-way.
    doc.store.pendingStructs ??= { missing: new Map(), update: new Uint8Array() };
    return `Yjs cannot integrate it (${error instanceof Error ? error.message : String(error)})`;
  }
  if (doc.store.pendingStructs !== null) return 'part of it depends on content the doc does not hold';
  // Deletes of content the doc lacks are dropped, not kept aside to strike whatever arrives later
  // under those ids: what was stored (the integration's effect) is then all anyone ever applies.
  doc.store.pendingDs = null;
  return null;
}
