import * as Y from 'yjs';

/** A local update waiting for the relay's acknowledgement. */
export interface PendingUpdate {
  /**
   * Its outbox id: positive as `DocStorage.appendLocal` returns it, increasing in append order.
   * The outbox gives updates the storage refused negative ids (kept in memory only, see `DocOutbox`).
   */
  readonly id: number;
  readonly update: Uint8Array;
  /**
   * Clock time (ms) the change was made at, as given to `appendLocal`; 0 for a row stored before
   * devices recorded it. Only for counting changes the way a person does (`countChanges`).
   */
  readonly madeAt: number;
}

/** Local updates less than this far apart are one change to a person: a burst of typing, a paste. */
export const CHANGE_PAUSE_MS = 2000;

/**
 * How many changes a person would say these pending updates are: each pause of `CHANGE_PAUSE_MS`
 * or more between consecutive updates (oldest first) starts a new one, like an undo step groups
 * keystrokes. A row without a time (`madeAt` 0) counts on its own.
 */
export function countChanges(entries: readonly Pick<PendingUpdate, 'madeAt'>[], pauseMs = CHANGE_PAUSE_MS): number {
  let changes = 0;
  let last: number | undefined;
  for (const { madeAt } of entries) {
    if (startsChange(last, madeAt, pauseMs)) changes += 1;
    last = madeAt;
  }
  return changes;
}

/** Whether an update made at `madeAt` starts a new change after one made at `previous` (see `countChanges`). */
export function startsChange(previous: number | undefined, madeAt: number, pauseMs = CHANGE_PAUSE_MS): boolean {
  return previous === undefined || previous === 0 || madeAt === 0 || madeAt - previous >= pauseMs;
}

export interface CompactOptions {
  /** Drop the content of deleted items (decodes the whole doc; `mergeRows`). */
  readonly collectGarbage?: boolean;
}

/**
 * The stored rows of a doc as one update. Plain merging keeps every struct as it was, content of
 * deleted items included, and is cheap; with `collectGarbage` the rows are applied to a Y.Doc in
 * one transaction, which frees what they delete (Yjs garbage collection), and the doc encoded:
 * the same text, without the bytes of what was deleted.
 */
export function mergeRows(updates: readonly Uint8Array[], collectGarbage = false): Uint8Array {
  if (!collectGarbage) return Y.mergeUpdates([...updates]);
  const doc = new Y.Doc({ gc: true });
  doc.transact(() => {
    for (const update of updates) Y.applyUpdate(doc, update);
  });
  const merged = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return merged;
}

/** What the device holds for one doc. */
export interface LoadedDoc {
  /**
   * Every stored update of the doc, oldest first (empty when the device holds nothing for it).
   * Applied as they are in one transaction: merging them first would decode the doc twice and
   * encode it once more on every cold start; merging is compaction's job.
   */
  readonly updates: readonly Uint8Array[];
  /** Stored update rows (what compaction merges); `updates.length`. */
  readonly rows: number;
  readonly lastAckedSeq: number;
  /** Local updates not yet acknowledged, oldest first (ascending id). */
  readonly pending: readonly PendingUpdate[];
}

/** Per-doc bookkeeping; it exists only once the doc has a stored update. */
export interface DocMeta {
  /** Highest seq the relay acknowledged for this doc on this device. */
  readonly lastAckedSeq: number;
  readonly compactions: number;
  /** Clock time of the last compaction, 0 when never compacted. */
  readonly compactedAt: number;
}

/**
 * The port behind which the client keeps its docs on the device: the stored Yjs updates of each
 * doc, its outbox (local updates the relay has not acknowledged, also stored as updates) and its
 * bookkeeping. Every method is atomic: two tabs, or a compaction and an append, never see each
 * other half-done, and an append racing a compaction is never lost.
 *
 * Adapters: `IndexedDbDocStorage` (the app's, Dexie) and `InMemoryDocStorage` (tests); both run
 * `describeDocStorageConformance` (`doc-storage.conformance.ts`), which is the contract in tests.
 */
export interface DocStorage {
  load(docId: string): Promise<LoadedDoc>;
  /**
   * Stores a local update made at `madeAt` (clock ms) and records it as pending; returns its
   * outbox id (positive, increasing). `load` returns the time with the entry.
   */
  appendLocal(docId: string, update: Uint8Array, madeAt: number): Promise<number>;
  /** Stores an update that came from the relay (nothing to upload). */
  appendRemote(docId: string, update: Uint8Array): Promise<void>;
  /**
   * The relay acknowledged `ids` as of `seq`: they leave the outbox and the acked seq is raised to
   * `seq` (never lowered). A doc the device holds no update of gets no bookkeeping from an ack.
   */
  acknowledge(docId: string, ids: readonly number[], seq: number): Promise<void>;
  /** Drops outbox entries the relay refused for good (their updates stay stored). */
  discard(docId: string, ids: readonly number[]): Promise<void>;
  /**
   * Merges every stored update of the doc into one (the outbox is untouched); returns the rows now
   * stored. With `collectGarbage` the content of deleted items is dropped as well (`mergeRows`),
   * even from a single row: how a change the relay refused stops taking space on the device.
   */
  compact(docId: string, options?: CompactOptions): Promise<number>;
  rowCount(docId: string): Promise<number>;
  /** Every doc the device holds updates for. */
  docIds(): Promise<string[]>;
  meta(docId: string): Promise<DocMeta | undefined>;
  /** Deletes everything the device holds for the doc. */
  forget(docId: string): Promise<void>;
}
