/** A local update waiting for the relay's acknowledgement. */
export interface PendingUpdate {
  /**
   * Its outbox id: positive as `DocStorage.appendLocal` returns it, increasing in append order.
   * The outbox gives updates the storage refused negative ids (kept in memory only, see `DocOutbox`).
   */
  readonly id: number;
  readonly update: Uint8Array;
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
  /** Stores a local update and records it as pending; returns its outbox id (positive, increasing). */
  appendLocal(docId: string, update: Uint8Array): Promise<number>;
  /** Stores an update that came from the relay (nothing to upload). */
  appendRemote(docId: string, update: Uint8Array): Promise<void>;
  /**
   * The relay acknowledged `ids` as of `seq`: they leave the outbox and the acked seq is raised to
   * `seq` (never lowered). A doc the device holds no update of gets no bookkeeping from an ack.
   */
  acknowledge(docId: string, ids: readonly number[], seq: number): Promise<void>;
  /** Drops outbox entries the relay refused for good (their updates stay stored). */
  discard(docId: string, ids: readonly number[]): Promise<void>;
  /** Merges every stored update of the doc into one (the outbox is untouched); returns the rows now stored. */
  compact(docId: string): Promise<number>;
  rowCount(docId: string): Promise<number>;
  /** Every doc the device holds updates for. */
  docIds(): Promise<string[]>;
  meta(docId: string): Promise<DocMeta | undefined>;
  /** Deletes everything the device holds for the doc. */
  forget(docId: string): Promise<void>;
}
