import { defaultCheckpointPolicy } from './checkpoint-plan';
import type { CheckpointPolicy } from './checkpoint-plan';
import { contiguousRun, planCompaction } from './compaction-plan';
import type { StoredCheckpoint } from './compaction-plan';
import { planAppends, singleResult } from './append-plan';
import { emptySummary, summaryOf } from './doc-summary';
import type { DocSummary } from './doc-summary';
import { listCheckpoints, resolveStateAt } from './history';
import type {
  AppendBatchResult,
  AppendItem,
  AppendMeta,
  AppendResult,
  Checkpoint,
  CompactOptions,
  CompactResult,
  DocRewrite,
  DocSize,
  LoadedState,
  LogEntry,
  UpdateLog,
} from './types';
import { UpdateLogError } from './types';

interface MemoryDoc {
  headSeq: number;
  summary: DocSummary;
  snapshot: Uint8Array | null;
  snapshotSeq: number;
  entries: LogEntry[];
  checkpoints: StoredCheckpoint[];
}

const bytesOf = (parts: readonly { byteLength: number }[]): number => parts.reduce((sum, part) => sum + part.byteLength, 0);

/**
 * `UpdateLog` in process memory, for tests and single-process development. Each method does its
 * bookkeeping synchronously, so concurrent calls interleave only between whole operations — the
 * same guarantees the database adapter gets from its head-row lock.
 */
export class InMemoryUpdateLog implements UpdateLog {
  readonly #docs = new Map<string, MemoryDoc>();
  readonly #policy: CheckpointPolicy;

  constructor(options: { checkpointPolicy?: CheckpointPolicy } = {}) {
    this.#policy = options.checkpointPolicy ?? defaultCheckpointPolicy;
  }

  #doc(docId: string): MemoryDoc {
    let doc = this.#docs.get(docId);
    if (doc === undefined) {
      doc = { headSeq: 0, summary: emptySummary(), snapshot: null, snapshotSeq: 0, entries: [], checkpoints: [] };
      this.#docs.set(docId, doc);
    }
    return doc;
  }

  async append(docId: string, update: Uint8Array, meta: AppendMeta): Promise<AppendResult> {
    return singleResult(await this.appendBatch(docId, [{ update, meta }]));
  }

  appendBatch(docId: string, items: readonly AppendItem[]): Promise<AppendBatchResult[]> {
    try {
      const doc = this.#doc(docId);
      // Planned first and applied in one step: a batch is stored whole or (on a throw) not at all.
      const plan = planAppends({ seq: doc.headSeq, summary: doc.summary, storedBytes: this.#storedBytes(doc) }, items);
      for (const { seq, item } of plan.entries) {
        doc.entries.push({ seq, update: item.update.slice(), authorId: item.meta.authorId, at: new Date(item.meta.at) });
      }
      doc.summary = plan.head.summary;
      doc.headSeq = plan.head.seq;
      return Promise.resolve(plan.results);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  readSince(docId: string, afterSeq: number): Promise<LogEntry[]> {
    const doc = this.#doc(docId);
    if (afterSeq < doc.snapshotSeq) {
      return Promise.reject(new UpdateLogError('compacted', `Entries up to ${String(doc.snapshotSeq)} were compacted.`));
    }
    return Promise.resolve(doc.entries.filter((entry) => entry.seq > afterSeq));
  }

  loadState(docId: string): Promise<LoadedState> {
    const doc = this.#doc(docId);
    return Promise.resolve({ snapshot: doc.snapshot, snapshotSeq: doc.snapshotSeq, tail: [...doc.entries] });
  }

  async compact(docId: string, options: CompactOptions): Promise<CompactResult> {
    const doc = this.#doc(docId);
    const startSeq = doc.snapshotSeq;
    const run = contiguousRun(doc.entries, startSeq);
    // Yield like a database round trip would, so tests see appends racing the merge.
    await Promise.resolve();
    const plan = planCompaction(doc.snapshot, run, options.keepHistory, this.#policy);
    if (plan === null || doc.snapshotSeq !== startSeq) return { compacted: false, snapshotSeq: doc.snapshotSeq };
    doc.snapshot = plan.snapshot;
    doc.snapshotSeq = plan.upperSeq;
    doc.entries = doc.entries.filter((entry) => entry.seq > plan.upperSeq);
    doc.checkpoints = plan.replaceHistory ? [...plan.checkpoints] : [...doc.checkpoints, ...plan.checkpoints];
    return { compacted: true, snapshotSeq: plan.upperSeq };
  }

  async checkpoints(docId: string): Promise<Checkpoint[]> {
    const doc = this.#doc(docId);
    return listCheckpoints(doc.checkpoints, await this.loadState(docId));
  }

  async stateAt(docId: string, seq: number): Promise<Uint8Array> {
    const doc = this.#doc(docId);
    const checkpoints = [...doc.checkpoints];
    return resolveStateAt(seq, doc.headSeq, await this.loadState(docId), () => Promise.resolve(checkpoints));
  }

  size(docId: string): Promise<DocSize> {
    const doc = this.#doc(docId);
    return Promise.resolve({
      headSeq: doc.headSeq,
      snapshotSeq: doc.snapshotSeq,
      storedBytes: this.#storedBytes(doc),
      tailBytes: bytesOf(doc.entries.map((entry) => entry.update)),
    });
  }

  rewrite(docId: string, changes: DocRewrite): Promise<void> {
    const doc = this.#doc(docId);
    if (changes.snapshot !== undefined && doc.snapshot !== null) doc.snapshot = changes.snapshot.slice();
    doc.entries = doc.entries.map((entry) => {
      const update = changes.entries?.get(entry.seq);
      return update === undefined ? entry : { ...entry, update: update.slice() };
    });
    doc.checkpoints = doc.checkpoints.map((checkpoint) => {
      const state = changes.checkpoints?.get(checkpoint.seq);
      return state === undefined ? checkpoint : { ...checkpoint, base: true, data: state.slice() };
    });
    doc.summary = summaryOf([...(doc.snapshot === null ? [] : [doc.snapshot]), ...doc.entries.map((entry) => entry.update)]);
    return Promise.resolve();
  }

  #storedBytes(doc: MemoryDoc): number {
    return (doc.snapshot?.byteLength ?? 0) + bytesOf(doc.entries.map((entry) => entry.update));
  }
}
