import type { Logger } from '@rpg-bot/observability';
import * as Y from 'yjs';
import type { AppendBatchResult, UpdateLog } from './types';
import { isRefusal, UpdateLogError } from './types';
import { checkStorable, decodeForStore, missingDependency } from './update-invariants';

/**
 * Decides, before a batch is committed, which of its updates the doc can take (SYNC-UPDATE-5/6).
 * `DocCommitter` asks it for every batch and tells it how the log answered.
 */
export interface UpdateGate {
  /** One verdict per update, in order: what to store of it, or why it is refused (`invalid_update`). */
  admit(docId: string, updates: readonly Uint8Array[]): Promise<GateVerdict[]>;
  /** The log's answers for the admitted updates (in order), or `'failed'` when the transaction failed. */
  settle(docId: string, results: readonly AppendBatchResult[] | 'failed'): void;
}

/** `store`: the part of the update the doc lacks (what the log stores and peers get); `refused`: why not. */
export type GateVerdict = { readonly store: Uint8Array } | { readonly refused: string };

interface Mirror {
  readonly doc: Y.Doc;
  /** Every log entry up to this seq is integrated (and possibly admitted updates not yet committed). */
  seq: number;
}

export interface DocMirrorsOptions {
  readonly log: Pick<UpdateLog, 'loadState' | 'readSince'>;
  /** The highest seq this process knows is committed for the doc (the merged-state cache's). */
  readonly heldSeq: (docId: string) => number | undefined;
  readonly logger?: Logger;
}

/**
 * The relay's check that an update integrates (SYNC-UPDATE-5/6): one `Y.Doc` per doc that is being
 * written, mirroring the stored state, into which every update of a batch is integrated before the
 * commit — exactly what each joiner will do with it later. An update is admitted when it breaks no
 * storage rule (`checkStorable`), has every dependency in the doc (`missingDependency`), and
 * `Y.applyUpdate` integrates it without an error; otherwise it is refused and the mirror, which a
 * failed Yjs transaction may have left half-changed, is rebuilt from storage.
 *
 * Cost: building a mirror is one load and one integration of the doc (once per doc while it is
 * written); each update then costs one integration of the update, as in y-websocket's server. A
 * mirror is dropped (`unload`) with the doc's merged state, when the doc has no sockets.
 */
export class DocMirrors implements UpdateGate {
  readonly #options: DocMirrorsOptions;
  readonly #mirrors = new Map<string, Mirror>();
  /** Docs whose stored state does not integrate (damaged before these checks): only the storage rules apply. */
  readonly #unmirrorable = new Set<string>();

  constructor(options: DocMirrorsOptions) {
    this.#options = options;
  }

  async admit(docId: string, updates: readonly Uint8Array[]): Promise<GateVerdict[]> {
    const mirror = await this.#current(docId);
    const verdicts: GateVerdict[] = [];
    for (const update of updates) {
      const verdict = mirror === undefined ? storageRulesOnly(update) : judge(mirror.doc, update);
      verdicts.push(verdict);
      if ('refused' in verdict && mirror !== undefined && mirror.doc.store.pendingStructs !== null) {
        // The failed integration may have changed the mirror half-way: rebuild it before the next update.
        this.#mirrors.delete(docId);
        verdicts.push(...(await this.admit(docId, updates.slice(verdicts.length))));
        return verdicts;
      }
    }
    return verdicts;
  }

  settle(docId: string, results: readonly AppendBatchResult[] | 'failed'): void {
    const mirror = this.#mirrors.get(docId);
    if (mirror === undefined) return;
    if (results === 'failed' || results.some(isRefusal)) {
      // The mirror integrated something the log did not store.
      this.#mirrors.delete(docId);
      return;
    }
    for (const result of results) {
      // Seqs interleaved with another relay's commits leave the mirror behind: `#current` catches up.
      if (!isRefusal(result) && !result.duplicate && result.seq === mirror.seq + 1) mirror.seq = result.seq;
    }
  }

  /** Forgets the doc's mirror (no sockets left, or its state changed outside the append path). */
  unload(docId: string): void {
    this.#mirrors.delete(docId);
    this.#unmirrorable.delete(docId);
  }

  /** Docs with a mirror in memory. */
  docIds(): string[] {
    return [...this.#mirrors.keys()];
  }

  async #current(docId: string): Promise<Mirror | undefined> {
    if (this.#unmirrorable.has(docId)) return undefined;
    const mirror = this.#mirrors.get(docId);
    try {
      if (mirror === undefined) return await this.#build(docId);
      const held = this.#options.heldSeq(docId);
      if (held === undefined || held > mirror.seq) await this.#catchUp(docId, mirror);
      return this.#mirrors.get(docId);
    } catch (error) {
      this.#mirrors.delete(docId);
      if (error instanceof MirrorBroken) {
        this.#unmirrorable.add(docId);
        this.#options.logger?.error(
          { docId, problem: error.message },
          'the stored doc does not integrate; accepting updates on the storage rules alone until it is repaired (npm run relay -- repair-doc <docId>)',
        );
        return undefined;
      }
      throw error;
    }
  }

  async #build(docId: string): Promise<Mirror> {
    const { snapshot, snapshotSeq, tail } = await this.#options.log.loadState(docId);
    const doc = new Y.Doc();
    for (const update of [...(snapshot === null ? [] : [snapshot]), ...tail.map((entry) => entry.update)]) {
      const problem = integrate(doc, update);
      if (problem !== null) throw new MirrorBroken(problem);
    }
    const mirror: Mirror = { doc, seq: tail.at(-1)?.seq ?? snapshotSeq };
    this.#mirrors.set(docId, mirror);
    return mirror;
  }

  async #catchUp(docId: string, mirror: Mirror): Promise<void> {
    let entries;
    try {
      entries = await this.#options.log.readSince(docId, mirror.seq);
    } catch (error) {
      if (!(error instanceof UpdateLogError) || error.code !== 'compacted') throw error;
      this.#mirrors.delete(docId);
      await this.#build(docId);
      return;
    }
    for (const entry of entries) {
      const problem = integrate(mirror.doc, entry.update);
      if (problem !== null) throw new MirrorBroken(problem);
      mirror.seq = entry.seq;
    }
  }
}

/**
 * Admits `update` into the mirror: storage rules, dependencies, then integration of the part the
 * doc lacks. Storing only that part (`Y.diffUpdate` against the mirror's state vector) means no
 * two stored updates ever claim the same id with different content — an update that re-uses known
 * ids for other content cannot make a joiner's merged state differ from what members integrated.
 */
function judge(doc: Y.Doc, update: Uint8Array): GateVerdict {
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

function storageRulesOnly(update: Uint8Array): GateVerdict {
  try {
    checkStorable(decodeForStore(update));
    return { store: update };
  } catch (error) {
    return { refused: error instanceof Error ? error.message : String(error) };
  }
}

/** The empty Yjs update: the log answers it as a duplicate, with the doc's head seq, storing nothing. */
const NOTHING = Uint8Array.of(0, 0);

class MirrorBroken extends Error {
  override readonly name = 'MirrorBroken';
}

/** Integrates `update`; the problem when Yjs threw or left part of it waiting for a dependency. */
function integrate(doc: Y.Doc, update: Uint8Array): string | null {
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
