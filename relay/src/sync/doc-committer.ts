import type { UpdateGate } from './doc-mirrors';
import type { AppendBatchResult, AppendItem, AppendResult, UpdateLog } from './types';
import { isRefusal } from './types';

/** 256 items or 4 MiB per transaction: big enough for any burst, small enough to keep one commit short. */
export const DEFAULT_COMMIT_BATCH_LIMITS = { maxItems: 256, maxBytes: 4 * 1_048_576 } as const;

/** An item of a committed batch that was stored (not a duplicate), with who submitted it. */
export interface StoredItem<O> {
  readonly seq: number;
  readonly update: Uint8Array;
  readonly origin: O;
}

export interface DocCommitterOptions<O> {
  readonly docId: string;
  readonly log: Pick<UpdateLog, 'appendBatch'>;
  /** Decides which updates the doc can take before they reach the log (SYNC-UPDATE-5/6); none = all. */
  readonly gate?: UpdateGate;
  readonly maxItems?: number;
  readonly maxBytes?: number;
  /**
   * Runs once per committed batch, before any of its submissions resolves, with the items it
   * stored in seq order (cache, broadcast and announcement happen here, so in commit order).
   */
  readonly onCommitted?: (stored: readonly StoredItem<O>[]) => void;
  /** `onCommitted` threw (the batch is committed all the same and its submissions resolve). */
  readonly onCommittedError?: (error: unknown) => void;
  /** Runs once per batch sent to the log, with its number of items (a histogram). */
  readonly onBatch?: (items: number) => void;
  /** The queue is empty and no batch is in flight. */
  readonly onIdle?: () => void;
}

interface Pending<O> {
  readonly item: AppendItem;
  readonly origin: O;
  resolve(result: AppendBatchResult): void;
  reject(error: unknown): void;
}

/**
 * Group commit for one doc: while a batch transaction is in flight, submissions from every
 * connection of the doc queue up; when it commits, the queue goes out as the next batch (up to
 * `maxItems` / `maxBytes`, at least one item). Submissions resolve in submission order, each
 * after the commit that stored it (SYNC-ACK-1).
 *
 * A failed batch also fails everything queued behind it: the database is most likely unable to
 * commit the next batch either, and committing a client's later updates after an earlier one was
 * lost would store them behind a gap the client does not know about.
 */
export class DocCommitter<O> {
  readonly #options: DocCommitterOptions<O>;
  readonly #maxItems: number;
  readonly #maxBytes: number;
  #queue: Pending<O>[] = [];
  #running = false;

  constructor(options: DocCommitterOptions<O>) {
    this.#options = options;
    this.#maxItems = options.maxItems ?? DEFAULT_COMMIT_BATCH_LIMITS.maxItems;
    this.#maxBytes = options.maxBytes ?? DEFAULT_COMMIT_BATCH_LIMITS.maxBytes;
  }

  /** Queues one update; resolves after its batch committed (or with its refusal), rejects when the batch failed. */
  submit(item: AppendItem, origin: O): Promise<AppendBatchResult> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ item, origin, resolve, reject });
      if (!this.#running) {
        this.#running = true;
        void this.#drain();
      }
    });
  }

  /** True while a batch is in flight or queued. */
  get busy(): boolean {
    return this.#running;
  }

  async #drain(): Promise<void> {
    // Let the submissions of the current tick (one socket read can carry many frames) join the first batch.
    await Promise.resolve();
    try {
      while (this.#queue.length > 0) await this.#commit(this.#take());
    } finally {
      this.#running = false;
    }
    this.#options.onIdle?.();
  }

  #take(): Pending<O>[] {
    let count = 0;
    let bytes = 0;
    for (const pending of this.#queue) {
      const size = pending.item.update.byteLength;
      if (count > 0 && (count >= this.#maxItems || bytes + size > this.#maxBytes)) break;
      count += 1;
      bytes += size;
    }
    return this.#queue.splice(0, count);
  }

  /**
   * The gate's refusals in their places, the log's answers for the rest, and what was stored of
   * each item (the gate stores only what the doc lacks); a batch refused whole costs no transaction.
   */
  async #append(items: readonly AppendItem[]): Promise<{ results: AppendBatchResult[]; updates: Uint8Array[] }> {
    const { docId, log, gate } = this.#options;
    if (gate === undefined) return { results: await log.appendBatch(docId, items), updates: items.map((item) => item.update) };
    const verdicts = await gate.admit(docId, items.map((item) => item.update));
    const updates = items.map((item, index) => {
      const verdict = verdicts[index];
      return verdict !== undefined && 'store' in verdict ? verdict.store : item.update;
    });
    const admitted = items.flatMap((item, index) => {
      const verdict = verdicts[index];
      return verdict !== undefined && 'store' in verdict ? [{ update: verdict.store, meta: item.meta }] : [];
    });
    let stored: AppendBatchResult[] = [];
    if (admitted.length > 0) {
      try {
        stored = await log.appendBatch(docId, admitted);
      } catch (error) {
        gate.settle(docId, 'failed');
        throw error;
      }
      gate.settle(docId, stored);
    }
    let next = 0;
    const results = items.map((_, index): AppendBatchResult => {
      const verdict = verdicts[index];
      if (verdict === undefined) throw new Error(`the gate answered ${String(verdicts.length)} of ${String(items.length)} items`);
      if ('refused' in verdict) return { refused: 'invalid_update', message: verdict.refused };
      const result = stored[next];
      next += 1;
      if (result === undefined) throw new Error(`appendBatch answered ${String(stored.length)} of ${String(admitted.length)} items`);
      return result;
    });
    return { results, updates };
  }

  async #commit(batch: readonly Pending<O>[]): Promise<void> {
    const { onBatch, onCommitted } = this.#options;
    onBatch?.(batch.length);
    let results: AppendBatchResult[];
    let updates: Uint8Array[];
    try {
      ({ results, updates } = await this.#append(batch.map((pending) => pending.item)));
    } catch (error) {
      const failed = [...batch, ...this.#queue.splice(0)];
      for (const pending of failed) pending.reject(error);
      return;
    }
    const stored: StoredItem<O>[] = [];
    batch.forEach((pending, index) => {
      const result = results[index];
      const update = updates[index];
      if (result !== undefined && update !== undefined && isStored(result)) stored.push({ seq: result.seq, update, origin: pending.origin });
    });
    if (stored.length > 0 && onCommitted !== undefined) {
      try {
        onCommitted(stored);
      } catch (error) {
        this.#options.onCommittedError?.(error);
      }
    }
    batch.forEach((pending, index) => {
      const result = results[index];
      if (result === undefined) pending.reject(new Error(`appendBatch answered ${String(results.length)} of ${String(batch.length)} items`));
      else pending.resolve(result);
    });
  }
}

function isStored(result: AppendBatchResult): result is AppendResult {
  return !isRefusal(result) && !result.duplicate;
}
