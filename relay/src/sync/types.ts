/** One stored update of a document's log. */
export interface LogEntry {
  readonly seq: number;
  readonly update: Uint8Array;
  readonly authorId: string;
  readonly at: Date;
}

/** Who wrote an update and when (the relay's clock, not the client's). */
export interface AppendMeta {
  readonly authorId: string;
  readonly at: Date;
  /**
   * Refuse the update with `UpdateLogError('doc_too_large')` when the doc's stored bytes would
   * exceed this. Checked under the same lock that assigns the seq, so concurrent appends cannot
   * overshoot it together. A duplicate is answered as usual, whatever the size.
   */
  readonly maxStoredBytes?: number;
}

/** The answer to an append: the seq that makes the update durable (SYNC-ACK-2, SYNC-ACK-7). */
export interface AppendResult {
  readonly seq: number;
  /** True when the doc already contained the update: nothing was stored, `seq` is the head. */
  readonly duplicate: boolean;
}

/** One update of a batch and who wrote it. */
export interface AppendItem {
  readonly update: Uint8Array;
  readonly meta: AppendMeta;
}

/** The refusals that concern one item of a batch and leave the other items alone (SYNC-REJ-4). */
export type AppendRefusalCode = Extract<UpdateLogErrorCode, 'invalid_update' | 'doc_too_large'>;

/** An item of a batch the log refused: nothing of it was stored. */
export interface AppendRefusal {
  readonly refused: AppendRefusalCode;
  readonly message: string;
}

/** The answer for one item of `appendBatch`: stored or recognised (`AppendResult`), or refused. */
export type AppendBatchResult = AppendResult | AppendRefusal;

/** True when the item was refused (nothing stored, the other items unaffected). */
export function isRefusal(result: AppendBatchResult): result is AppendRefusal {
  return 'refused' in result;
}

/** Everything needed to rebuild a doc: the compacted snapshot plus the log after it. */
export interface LoadedState {
  /** All updates up to `snapshotSeq` merged into one, or null before the first compaction. */
  readonly snapshot: Uint8Array | null;
  readonly snapshotSeq: number;
  /** Entries after `snapshotSeq`, in seq order. */
  readonly tail: readonly LogEntry[];
}

/** A point in history that `stateAt` can serve. */
export interface Checkpoint {
  readonly seq: number;
  readonly at: Date;
  readonly authorId: string;
}

export interface CompactOptions {
  /** Keep checkpoints (author sessions, every N updates) for the compacted range; false forgets its history. */
  readonly keepHistory: boolean;
}

/** Stored bytes to replace in place (a repair): the snapshot and/or tail entries by seq. */
export interface DocRewrite {
  readonly snapshot?: Uint8Array;
  readonly entries?: ReadonlyMap<number, Uint8Array>;
  /**
   * Kept history checkpoints (by seq) to replace with a base checkpoint holding this whole state:
   * `stateAt(seq)` serves it from then on. Seq, time and author stay; seqs with no kept
   * checkpoint are ignored.
   */
  readonly checkpoints?: ReadonlyMap<number, Uint8Array>;
}

export interface CompactResult {
  /** False when there was nothing to fold or another compaction of the same doc won the race. */
  readonly compacted: boolean;
  /** The seq the snapshot now covers. */
  readonly snapshotSeq: number;
}

/**
 * Stored bytes of one doc (snapshot + tail), for the relay's doc size limit. History checkpoints
 * are not counted: a doc's size must not shrink by being edited (SYNC_MAX_DOC_BYTES is about the
 * document a user can open, SYNC-FRAG-4).
 */
export interface DocSize {
  readonly headSeq: number;
  /** The seq the snapshot covers; `headSeq - snapshotSeq` is the tail length (a compaction trigger). */
  readonly snapshotSeq: number;
  readonly storedBytes: number;
  /** Bytes of the updates after the snapshot (a compaction trigger). */
  readonly tailBytes: number;
}

/**
 * The append-only, per-document update log (the relay's durable state of every Yjs doc).
 *
 * `append` and `appendBatch` resolve only after the update is committed, so its `seq` may be acknowledged
 * (SYNC-ACK-1). Seqs are strictly increasing per doc without gaps, whatever the number of
 * processes appending.
 */
export interface UpdateLog {
  /** One update: a batch of one; a refusal rejects with `UpdateLogError('invalid_update' | 'doc_too_large')`. */
  append(docId: string, update: Uint8Array, meta: AppendMeta): Promise<AppendResult>;
  /**
   * Several updates of one doc in ONE transaction, checked in order as if appended one after the
   * other (an item may be a duplicate of an earlier item of the same batch). Resolves with one
   * answer per item, in item order, after the commit: its seq, or a refusal (`invalid_update`,
   * `doc_too_large`) that stores nothing of that item and does not affect the others. Rejects —
   * storing none of the items — when the transaction fails.
   */
  appendBatch(docId: string, items: readonly AppendItem[]): Promise<AppendBatchResult[]>;
  /** Entries with seq > afterSeq. Rejects with `UpdateLogError('compacted')` when some were folded into the snapshot. */
  readSince(docId: string, afterSeq: number): Promise<LogEntry[]>;
  loadState(docId: string): Promise<LoadedState>;
  compact(docId: string, options: CompactOptions): Promise<CompactResult>;
  /** Every seq `stateAt` can serve, ascending (kept checkpoints, then every tail entry). */
  checkpoints(docId: string): Promise<Checkpoint[]>;
  /** The doc at `seq` as one encoded update. Rejects with `history_unavailable` or `unknown_seq`. */
  stateAt(docId: string, seq: number): Promise<Uint8Array>;
  size(docId: string): Promise<DocSize>;
  /**
   * Replaces stored bytes in place, for repairing a doc stored before SYNC-UPDATE-5/6: seqs, authors
   * and times stay, so history and acks keep their meaning; the doc's summary and stored bytes are
   * recomputed from what is then stored. Entries not in the tail are ignored.
   */
  rewrite(docId: string, changes: DocRewrite): Promise<void>;
}

export type UpdateLogErrorCode = 'compacted' | 'history_unavailable' | 'unknown_seq' | 'invalid_update' | 'doc_too_large';

/** A refusal the caller can act on (fall back to `loadState`, tell the user history is gone …). */
export class UpdateLogError extends Error {
  override readonly name = 'UpdateLogError';
  constructor(
    readonly code: UpdateLogErrorCode,
    message: string,
  ) {
    super(message);
  }
}
