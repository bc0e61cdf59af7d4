import * as Y from 'yjs';
import type { UpdateLog } from './types';
import { mergeUpdatesInGroups } from './merge-updates';

/** What the cache holds per loaded doc: encoded bytes only, never a Y.Doc. */
export interface CachedState {
  /** The whole doc as one encoded update. */
  readonly state: Uint8Array;
  readonly stateVector: Uint8Array;
  /** The highest seq folded into `state`. */
  readonly seq: number;
}

export interface MergedStateCacheOptions {
  readonly log: Pick<UpdateLog, 'loadState'>;
  /** Milliseconds since the epoch; injected so tests control idleness. */
  readonly now: () => number;
  /** A doc not used for this long is dropped by `evictIdle`. */
  readonly idleTtlMs: number;
  /**
   * The bytes that precede a whole state in the frame that carries it to a client with an empty
   * doc (the relay passes `syncStep2Header`). When set, each state is kept inside a buffer of that
   * frame's shape, so `fullStateFrame` answers a crowd of joiners with one shared buffer and no
   * per-client copy, at no extra memory.
   */
  readonly frameHeader?: (stateLength: number) => Uint8Array;
}

interface Slot {
  state: Uint8Array;
  /** `frameHeader(state.length)` followed by `state` (which is a view into it), when framing is on. */
  frame: Uint8Array | null;
  /** The state vector of `state` and of the first `stateVectorCounts` pending updates. */
  stateVector: Uint8Array;
  stateVectorCounts: number;
  seq: number;
  /** Every seq up to here is in `state` or `pending`; seqs seen out of order wait in `above`. */
  floor: number;
  above: Set<number>;
  /** Appended since the last fold; merged lazily so a burst of appends costs one merge. */
  pending: { update: Uint8Array; seq: number }[];
  lastUsed: number;
}

interface Loading {
  readonly promise: Promise<Slot>;
  /** Appends that committed while the load was running; applied when it lands if it missed them. */
  readonly early: { update: Uint8Array; seq: number }[];
}

/**
 * The merged state of every loaded doc, for answering sync step 1 (`diffFor`) without a Y.Doc.
 *
 * Cost model: loading a doc is one merge over snapshot + tail (`mergeUpdatesInGroups`); appends are queued and
 * folded in one merge at the next read; each client then costs one `Y.diffUpdate`. Concurrent
 * loads of one doc share a single promise, so a crowd joining at once triggers one load.
 */
export class MergedStateCache {
  readonly #options: MergedStateCacheOptions;
  readonly #slots = new Map<string, Slot>();
  readonly #loading = new Map<string, Loading>();

  constructor(options: MergedStateCacheOptions) {
    this.#options = options;
  }

  /** The doc's merged state, loading it from the log on first use. */
  async get(docId: string): Promise<CachedState> {
    const slot = await this.#slot(docId);
    fold(slot, this.#options.frameHeader);
    slot.lastUsed = this.#options.now();
    return { state: slot.state, stateVector: slot.stateVector, seq: slot.seq };
  }

  /**
   * The doc's state vector, appends not folded yet included, without folding them (what a
   * connect's sync step 1 needs): the per-client end clocks of the pending updates over the
   * folded state's — no merge of the whole doc. Committed updates integrate, so they leave no gaps.
   */
  async stateVector(docId: string): Promise<Uint8Array> {
    const slot = await this.#slot(docId);
    slot.lastUsed = this.#options.now();
    return currentStateVector(slot);
  }

  /** What a client with `clientStateVector` lacks, as one update (empty content when it lacks nothing). */
  async diffFor(docId: string, clientStateVector: Uint8Array): Promise<Uint8Array> {
    const { state } = await this.get(docId);
    // A client with an empty doc (every late joiner on a new device) lacks everything: the merged
    // state itself is the answer, shared by the whole crowd instead of one O(doc) diff per client.
    if (isEmptyStateVector(clientStateVector)) return state;
    return Y.diffUpdate(state, clientStateVector);
  }

  /** Whether states are kept frame-shaped (the `frameHeader` option), so `fullStateFrame` works. */
  hasFrames(): boolean {
    return this.#options.frameHeader !== undefined;
  }

  /**
   * The whole doc as one ready-to-send frame (header from `frameHeader`, then the state), shared by
   * every caller until the next change: what a client with an empty doc gets.
   */
  async fullStateFrame(docId: string): Promise<Uint8Array> {
    const slot = await this.#slot(docId);
    fold(slot, this.#options.frameHeader);
    slot.lastUsed = this.#options.now();
    if (slot.frame === null) throw new Error('fullStateFrame needs the frameHeader option');
    return slot.frame;
  }

  /**
   * Records a committed append (call after `UpdateLog.append` resolved with `duplicate: false`).
   * Appends may arrive out of seq order (another process's commit announced after a later local
   * one). Returns false when the cache already held that seq, true otherwise (also for docs not
   * loaded, where it is a no-op).
   */
  applyAppended(docId: string, update: Uint8Array, seq: number): boolean {
    const slot = this.#slots.get(docId);
    if (slot !== undefined) {
      slot.lastUsed = this.#options.now();
      if (seq <= slot.floor || slot.above.has(seq)) return false;
      slot.pending.push({ update, seq });
      slot.above.add(seq);
      advanceFloor(slot);
      return true;
    }
    const loading = this.#loading.get(docId);
    if (loading === undefined) return true;
    if (loading.early.some((item) => item.seq === seq)) return false;
    loading.early.push({ update, seq });
    return true;
  }

  /**
   * The highest seq up to which the loaded doc holds every update (undefined when not loaded):
   * what a catch-up after missed announcements reads the log from.
   */
  heldSeq(docId: string): number | undefined {
    return this.#slots.get(docId)?.floor;
  }

  /** Whether the loaded doc (or a load in progress) already holds `seq`; undefined when not loaded. */
  holds(docId: string, seq: number): boolean | undefined {
    const slot = this.#slots.get(docId);
    if (slot !== undefined) return seq <= slot.floor || slot.above.has(seq);
    const loading = this.#loading.get(docId);
    if (loading?.early.some((item) => item.seq === seq) === true) return true;
    return undefined;
  }

  /** The state vector of a loaded doc, without loading it (undefined when not loaded). */
  peekStateVector(docId: string): Uint8Array | undefined {
    const slot = this.#slots.get(docId);
    if (slot === undefined) return undefined;
    return currentStateVector(slot);
  }

  /** Ids of the loaded docs. */
  docIds(): string[] {
    return [...this.#slots.keys()];
  }

  /** Drops docs idle for longer than the TTL, except those `keep` names; returns how many were dropped. */
  evictIdle(keep: (docId: string) => boolean = () => false): number {
    const cutoff = this.#options.now() - this.#options.idleTtlMs;
    let dropped = 0;
    for (const [docId, slot] of this.#slots) {
      if (slot.lastUsed <= cutoff && !keep(docId)) {
        this.#slots.delete(docId);
        dropped += 1;
      }
    }
    return dropped;
  }

  /** Drops one doc (e.g. after its size limit was exceeded or it was deleted). */
  unload(docId: string): void {
    this.#slots.delete(docId);
  }

  /** Bytes of encoded state, state vectors and queued appends held for all loaded docs. */
  bytesHeld(): number {
    let total = 0;
    for (const slot of this.#slots.values()) {
      total += (slot.frame ?? slot.state).byteLength + slot.stateVector.byteLength;
      for (const item of slot.pending) total += item.update.byteLength;
    }
    return total;
  }

  loadedDocs(): number {
    return this.#slots.size;
  }

  #slot(docId: string): Promise<Slot> {
    const slot = this.#slots.get(docId);
    if (slot !== undefined) return Promise.resolve(slot);
    const loading = this.#loading.get(docId);
    if (loading !== undefined) return loading.promise;
    const early: Loading['early'] = [];
    const promise = this.#load(docId, early).finally(() => this.#loading.delete(docId));
    this.#loading.set(docId, { promise, early });
    return promise;
  }

  async #load(docId: string, early: Loading['early']): Promise<Slot> {
    const loaded = await this.#options.log.loadState(docId);
    const updates = loaded.tail.map((entry) => entry.update);
    const { state, frame } = framed(mergeUpdatesInGroups(updates, loaded.snapshot), this.#options.frameHeader);
    const seq = loaded.tail.at(-1)?.seq ?? loaded.snapshotSeq;
    // A load sees a prefix of the log: seqs commit in order under the doc's head-row lock.
    const pending = early.filter((item) => item.seq > seq);
    const slot: Slot = {
      state,
      frame,
      stateVector: Y.encodeStateVectorFromUpdate(state),
      stateVectorCounts: 0,
      seq,
      floor: seq,
      above: new Set(pending.map((item) => item.seq)),
      pending,
      lastUsed: this.#options.now(),
    };
    advanceFloor(slot);
    this.#slots.set(docId, slot);
    return slot;
  }
}

/** `varuint 0`: a state vector with no clients, i.e. an empty doc. */
function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.byteLength === 1 && stateVector[0] === 0;
}

function advanceFloor(slot: Slot): void {
  while (slot.above.delete(slot.floor + 1)) slot.floor += 1;
}

/** The state as is, or copied once into a buffer shaped like the frame that carries it. */
function framed(state: Uint8Array, frameHeader: ((length: number) => Uint8Array) | undefined): { state: Uint8Array; frame: Uint8Array | null } {
  if (frameHeader === undefined) return { state, frame: null };
  const header = frameHeader(state.byteLength);
  const frame = new Uint8Array(header.byteLength + state.byteLength);
  frame.set(header);
  frame.set(state, header.byteLength);
  return { state: frame.subarray(header.byteLength), frame };
}

/**
 * The slot's state vector with its pending updates: each pending update is read once (a crowd of
 * joiners during an upload asks for it once each, and the updates are large).
 */
function currentStateVector(slot: Slot): Uint8Array {
  if (slot.stateVectorCounts < slot.pending.length) {
    const uncounted = slot.pending.slice(slot.stateVectorCounts).map((item) => item.update);
    slot.stateVector = extendStateVector(slot.stateVector, uncounted);
    slot.stateVectorCounts = slot.pending.length;
  }
  return slot.stateVector;
}

/** `stateVector` advanced to the end clock of each client's structs in `updates`. */
function extendStateVector(stateVector: Uint8Array, updates: readonly Uint8Array[]): Uint8Array {
  const clocks = Y.decodeStateVector(stateVector);
  for (const update of updates) {
    for (const [client, end] of Y.parseUpdateMeta(update).to) if (end > (clocks.get(client) ?? 0)) clocks.set(client, end);
  }
  return Y.encodeStateVector(clocks);
}

function fold(slot: Slot, frameHeader: ((length: number) => Uint8Array) | undefined): void {
  if (slot.pending.length === 0) return;
  const updates = slot.pending.map((item) => item.update);
  const next = framed(mergeUpdatesInGroups(updates, slot.state), frameHeader);
  slot.state = next.state;
  slot.frame = next.frame;
  // From the pending updates alone: decoding the whole merged doc again would cost as much as the merge.
  currentStateVector(slot);
  slot.seq = Math.max(slot.seq, ...slot.pending.map((item) => item.seq));
  slot.pending = [];
  slot.stateVectorCounts = 0;
}
