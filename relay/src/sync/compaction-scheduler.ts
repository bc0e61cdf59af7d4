import type { Logger } from '@rpg-bot/observability';
import type { SyncMetrics } from './sync-metrics';
import { systemTimers } from '@rpg-bot/kit';
import type { Timers } from '@rpg-bot/kit';
import type { UpdateLog } from './types';

/** When a doc's log tail (updates after its snapshot) is worth folding into the snapshot. */
export interface CompactionThresholds {
  readonly maxTailUpdates: number;
  readonly maxTailBytes: number;
  /**
   * A doc over a threshold is compacted once it has had no append for this long (SYNC-COMPACT-4):
   * a compaction merges the whole doc, and on PGlite it runs on the relay's own thread, so
   * compacting a doc while it is being typed into stalls its fan-out. Undefined: at once.
   */
  readonly quietMs?: number;
  /**
   * …unless its tail has this many times `maxTailUpdates` updates (the rows a load reads), or it
   * has been over a threshold for `maxWaitMs`: a doc that is never quiet still compacts. Bytes
   * alone never make it urgent: an upload is many bytes in few rows, and compacting halfway through
   * reads, merges and writes again all that it then has to compact once more (ADR 0021).
   */
  readonly urgentFactor?: number;
  readonly maxWaitMs?: number;
}

export const defaultCompactionThresholds: CompactionThresholds = {
  maxTailUpdates: 500,
  maxTailBytes: 1_048_576,
  quietMs: 2_000,
  urgentFactor: 10,
  maxWaitMs: 30_000,
};

export interface CompactionSchedulerOptions {
  readonly log: Pick<UpdateLog, 'size' | 'compact'>;
  readonly logger: Logger;
  readonly metrics: Pick<SyncMetrics, 'compactions' | 'compactionSeconds' | 'logTailUpdates'>;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  readonly timers?: Timers;
  readonly thresholds?: CompactionThresholds;
  /** How often every doc `sweepDocs` names is checked (default 5 min): catches tails other processes grew. */
  readonly sweepEveryMs?: number;
  /** How long a doc whose compaction failed is left alone (default 1 min). */
  readonly retryAfterMs?: number;
  /** The docs a sweep checks (the relay passes its loaded docs). */
  readonly sweepDocs: () => Iterable<string>;
}

/** What this process knows of a doc's tail since it last checked. */
interface Tracked {
  snapshotSeq: number;
  /** Bytes this process appended since the last check (other processes' appends are not seen). */
  bytes: number;
  notBefore: number;
  /** When this process last appended to the doc. */
  lastAppendAt: number;
  /** When the tail was first seen over a threshold since it was last compacted (undefined: it is not). */
  overSince: number | undefined;
  /** Cancels the pending quiet-period check, if one is waiting. */
  cancelQuiet: (() => void) | undefined;
}

/**
 * Folds long log tails into snapshots in the background (`compact(docId, { keepHistory: true })`).
 *
 * `appended` is called on the write path and only updates a counter: when a doc's tail (by seq
 * distance from its last known snapshot, or by bytes this process appended) crosses a threshold,
 * the doc is queued — after it has been quiet for `quietMs`, unless its tail is far over a
 * threshold (SYNC-COMPACT-4). One worker per process drains the queue — one doc at a time, so compactions
 * never run in parallel in a process, and a doc is queued at most once. A check reads the real
 * tail (`size`) before compacting, so a doc another process compacted is left alone. Appends never
 * wait: compaction merges outside any transaction and keeps appends that race with it (the
 * update log's guarantee). A periodic sweep checks every loaded doc.
 */
export class CompactionScheduler {
  readonly #options: CompactionSchedulerOptions;
  readonly #timers: Timers;
  readonly #thresholds: CompactionThresholds;
  readonly #tracked = new Map<string, Tracked>();
  readonly #queued = new Set<string>();
  #worker: Promise<void> | undefined;
  #stopSweep: (() => void) | undefined;
  #stopped = false;

  constructor(options: CompactionSchedulerOptions) {
    this.#options = options;
    this.#timers = options.timers ?? systemTimers;
    this.#thresholds = options.thresholds ?? defaultCompactionThresholds;
  }

  /** Starts the periodic sweep. */
  start(): void {
    this.#stopSweep ??= this.#timers.setInterval(() => {
      this.sweep();
    }, this.#options.sweepEveryMs ?? 5 * 60_000);
  }

  /** A non-duplicate append of `bytes` committed at `seq` (cheap: called on the write path). */
  appended(docId: string, seq: number, bytes: number): void {
    if (this.#stopped) return;
    let tracked = this.#tracked.get(docId);
    if (tracked === undefined) {
      // Unknown snapshot: assume none; the check reads the real one before anything is compacted.
      tracked = untracked();
      this.#tracked.set(docId, tracked);
    }
    const now = this.#options.now();
    tracked.bytes += bytes;
    tracked.lastAppendAt = now;
    const { maxTailUpdates, maxTailBytes, quietMs, urgentFactor = Number.POSITIVE_INFINITY, maxWaitMs = Number.POSITIVE_INFINITY } = this.#thresholds;
    const tail = seq - tracked.snapshotSeq;
    if (tail < maxTailUpdates && tracked.bytes < maxTailBytes) return;
    tracked.overSince ??= now;
    if (quietMs === undefined || tail >= urgentFactor * maxTailUpdates || now - tracked.overSince >= maxWaitMs) {
      tracked.cancelQuiet?.();
      tracked.cancelQuiet = undefined;
      this.#enqueue(docId);
      return;
    }
    tracked.cancelQuiet ??= this.#whenQuiet(docId, tracked, quietMs);
  }

  /** Enqueues the doc once `quietMs` passed without an append (re-armed while appends keep coming). */
  #whenQuiet(docId: string, tracked: Tracked, quietMs: number): () => void {
    const wait = Math.max(0, tracked.lastAppendAt + quietMs - this.#options.now());
    return this.#timers.setTimeout(() => {
      tracked.cancelQuiet = undefined;
      if (this.#stopped) return;
      if (this.#options.now() - tracked.lastAppendAt < quietMs) {
        tracked.cancelQuiet = this.#whenQuiet(docId, tracked, quietMs);
        return;
      }
      this.#enqueue(docId);
    }, wait);
  }

  /** Queues a check of every doc `sweepDocs` names; forgets counters of docs it no longer names. */
  sweep(): void {
    if (this.#stopped) return;
    const docs = new Set(this.#options.sweepDocs());
    for (const [docId, tracked] of this.#tracked) {
      if (docs.has(docId) || this.#queued.has(docId)) continue;
      tracked.cancelQuiet?.();
      this.#tracked.delete(docId);
    }
    for (const docId of docs) this.#enqueue(docId);
  }

  /** Settles when the queue is empty (tests; shutdown). */
  async idle(): Promise<void> {
    while (this.#worker !== undefined) await this.#worker;
  }

  /** Stops the sweep, drops queued docs and waits for a running compaction. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#stopSweep?.();
    this.#stopSweep = undefined;
    for (const tracked of this.#tracked.values()) tracked.cancelQuiet?.();
    this.#queued.clear();
    await this.idle();
  }

  #enqueue(docId: string): void {
    const tracked = this.#tracked.get(docId);
    if (tracked !== undefined && tracked.notBefore > this.#options.now()) return;
    this.#queued.add(docId);
    this.#kick();
  }

  #kick(): void {
    if (this.#worker !== undefined || this.#stopped || this.#queued.size === 0) return;
    // Started from a fresh task so the caller (an append's continuation) is never held up.
    this.#worker = Promise.resolve()
      .then(() => this.#drain())
      .finally(() => {
        this.#worker = undefined;
        // A doc queued between the drain's last look and this line must not wait for the next append.
        this.#kick();
      });
  }

  async #drain(): Promise<void> {
    for (;;) {
      const docId = this.#queued.values().next().value;
      if (docId === undefined || this.#stopped) return;
      this.#queued.delete(docId);
      await this.#check(docId);
    }
  }

  async #check(docId: string): Promise<void> {
    const { log, logger, metrics, now } = this.#options;
    const { maxTailUpdates, maxTailBytes } = this.#thresholds;
    const tracked = this.#tracked.get(docId) ?? untracked();
    this.#tracked.set(docId, tracked);
    const started = now();
    try {
      const size = await log.size(docId);
      const tail = size.headSeq - size.snapshotSeq;
      metrics.logTailUpdates.observe(tail);
      tracked.snapshotSeq = size.snapshotSeq;
      tracked.bytes = size.tailBytes;
      if (tail < maxTailUpdates && size.tailBytes < maxTailBytes) {
        tracked.overSince = undefined;
        return;
      }
      const result = await log.compact(docId, { keepHistory: true });
      tracked.snapshotSeq = result.snapshotSeq;
      tracked.bytes = 0;
      tracked.overSince = undefined;
      metrics.compactions.inc({ outcome: result.compacted ? 'compacted' : 'skipped' });
      metrics.compactionSeconds.observe(Math.max(0, now() - started) / 1000);
      logger.debug({ docId, tail, snapshotSeq: result.snapshotSeq, compacted: result.compacted }, 'sync log compaction');
    } catch (error) {
      tracked.notBefore = now() + (this.#options.retryAfterMs ?? 60_000);
      metrics.compactions.inc({ outcome: 'failed' });
      metrics.compactionSeconds.observe(Math.max(0, now() - started) / 1000);
      logger.warn({ err: error, docId }, 'sync log compaction failed; retrying later');
    }
  }
}

/** What this process knows of a doc it has not seen an append or check of yet. */
function untracked(): Tracked {
  return { snapshotSeq: 0, bytes: 0, notBefore: 0, lastAppendAt: 0, overSince: undefined, cancelQuiet: undefined };
}
