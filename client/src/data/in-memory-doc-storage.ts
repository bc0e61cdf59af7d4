import { mergeRows } from './doc-storage';
import type { CompactOptions, DocMeta, DocStorage, LoadedDoc, PendingUpdate } from './doc-storage';

interface StoredDoc {
  updates: Uint8Array[];
  outbox: PendingUpdate[];
  meta: DocMeta | undefined;
}

/**
 * A `DocStorage` in memory, with the semantics of the IndexedDB one: outbox ids increase across
 * every doc, compaction merges with `mergeRows`, and every method completes in one step
 * (nothing interleaves with it). Byte arrays are copied in and out, as IndexedDB's structured
 * clone does, so a caller cannot change what is stored. For tests, and a device without IndexedDB.
 */
export class InMemoryDocStorage implements DocStorage {
  readonly #docs = new Map<string, StoredDoc>();
  readonly #now: () => number;
  #lastOutboxId = 0;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  load(docId: string): Promise<LoadedDoc> {
    const doc = this.#docs.get(docId);
    return Promise.resolve({
      updates: doc?.updates.map((update) => update.slice()) ?? [],
      rows: doc?.updates.length ?? 0,
      lastAckedSeq: doc?.meta?.lastAckedSeq ?? 0,
      pending: doc?.outbox.map(({ id, update, madeAt }) => ({ id, update: update.slice(), madeAt })) ?? [],
    });
  }

  appendLocal(docId: string, update: Uint8Array, madeAt: number): Promise<number> {
    const doc = this.#stored(docId);
    doc.updates.push(update.slice());
    this.#lastOutboxId += 1;
    const id = this.#lastOutboxId;
    doc.outbox.push({ id, update: update.slice(), madeAt });
    return Promise.resolve(id);
  }

  appendRemote(docId: string, update: Uint8Array): Promise<void> {
    this.#stored(docId).updates.push(update.slice());
    return Promise.resolve();
  }

  acknowledge(docId: string, ids: readonly number[], seq: number): Promise<void> {
    const doc = this.#docs.get(docId);
    if (doc !== undefined) {
      this.#drop(doc, ids);
      if (doc.meta !== undefined && seq > doc.meta.lastAckedSeq) doc.meta = { ...doc.meta, lastAckedSeq: seq };
    }
    return Promise.resolve();
  }

  discard(docId: string, ids: readonly number[]): Promise<void> {
    const doc = this.#docs.get(docId);
    if (doc !== undefined) this.#drop(doc, ids);
    return Promise.resolve();
  }

  compact(docId: string, options: CompactOptions = {}): Promise<number> {
    const doc = this.#docs.get(docId);
    const least = options.collectGarbage === true ? 1 : 2;
    if (doc === undefined || doc.updates.length < least) return Promise.resolve(doc?.updates.length ?? 0);
    doc.updates = [mergeRows(doc.updates, options.collectGarbage)];
    const meta = doc.meta ?? { lastAckedSeq: 0, compactions: 0, compactedAt: 0 };
    doc.meta = { ...meta, compactions: meta.compactions + 1, compactedAt: this.#now() };
    return Promise.resolve(1);
  }

  rowCount(docId: string): Promise<number> {
    return Promise.resolve(this.#docs.get(docId)?.updates.length ?? 0);
  }

  docIds(): Promise<string[]> {
    const ids = [...this.#docs].filter(([, doc]) => doc.updates.length > 0).map(([docId]) => docId);
    return Promise.resolve(ids.sort());
  }

  meta(docId: string): Promise<DocMeta | undefined> {
    const meta = this.#docs.get(docId)?.meta;
    return Promise.resolve(meta === undefined ? undefined : { ...meta });
  }

  forget(docId: string): Promise<void> {
    this.#docs.delete(docId);
    return Promise.resolve();
  }

  /** The doc's entry, with its bookkeeping created (as with its first stored update). */
  #stored(docId: string): StoredDoc {
    let doc = this.#docs.get(docId);
    if (doc === undefined) {
      doc = { updates: [], outbox: [], meta: undefined };
      this.#docs.set(docId, doc);
    }
    doc.meta ??= { lastAckedSeq: 0, compactions: 0, compactedAt: 0 };
    return doc;
  }

  #drop(doc: StoredDoc, ids: readonly number[]): void {
    const gone = new Set(ids);
    doc.outbox = doc.outbox.filter((entry) => !gone.has(entry.id));
  }
}
