import { mergeRows } from './doc-storage';
import type { CompactOptions, DocMeta, DocStorage, LoadedDoc, PendingUpdate } from './doc-storage';
import type { LocalDb } from './local-db';

const emptyMeta = (docId: string) => ({ docId, lastAckedSeq: 0, compactions: 0, compactedAt: 0 });

/**
 * The app's `DocStorage`: the `docUpdates`, `docOutbox` and `docMeta` tables of the client's Dexie
 * database. Every method is one IndexedDB transaction, so two tabs (or a compaction and an append)
 * never see each other half-done. The caller owns `db` (and closes it).
 */
export class IndexedDbDocStorage implements DocStorage {
  readonly #db: LocalDb;
  readonly #now: () => number;

  constructor(db: LocalDb, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  async load(docId: string): Promise<LoadedDoc> {
    const db = this.#db;
    return db.transaction('r', [db.docUpdates, db.docOutbox, db.docMeta], async () => {
      const rows = await db.docUpdates.where('docId').equals(docId).sortBy('id');
      const outbox = await db.docOutbox.where('docId').equals(docId).sortBy('id');
      const meta = await db.docMeta.get(docId);
      const pending: PendingUpdate[] = [];
      for (const row of outbox) if (row.id !== undefined) pending.push({ id: row.id, update: row.update, madeAt: row.madeAt ?? 0 });
      return {
        updates: rows.map((row) => row.update),
        rows: rows.length,
        lastAckedSeq: meta?.lastAckedSeq ?? 0,
        pending,
      };
    });
  }

  async appendLocal(docId: string, update: Uint8Array, madeAt: number): Promise<number> {
    const db = this.#db;
    return db.transaction('rw', [db.docUpdates, db.docOutbox, db.docMeta], async () => {
      await this.#ensureMeta(docId);
      await db.docUpdates.add({ docId, update });
      const id = await db.docOutbox.add({ docId, update, madeAt });
      if (id === undefined) throw new Error('IndexedDB assigned no key to an outbox row');
      return id;
    });
  }

  async appendRemote(docId: string, update: Uint8Array): Promise<void> {
    const db = this.#db;
    await db.transaction('rw', [db.docUpdates, db.docMeta], async () => {
      await this.#ensureMeta(docId);
      await db.docUpdates.add({ docId, update });
    });
  }

  async acknowledge(docId: string, ids: readonly number[], seq: number): Promise<void> {
    const db = this.#db;
    await db.transaction('rw', [db.docOutbox, db.docMeta], async () => {
      await db.docOutbox.bulkDelete([...ids]);
      const meta = await db.docMeta.get(docId);
      if (meta !== undefined && seq > meta.lastAckedSeq) await db.docMeta.put({ ...meta, lastAckedSeq: seq });
    });
  }

  /** Outbox ids are the table's keys, unique across docs: deleting by id deletes only that doc's. */
  async discard(_docId: string, ids: readonly number[]): Promise<void> {
    await this.#db.docOutbox.bulkDelete([...ids]);
  }

  /**
   * Merges every stored update row of the doc into one. Reading, deleting exactly the rows read
   * and adding the merged row happen in one read-write transaction, which IndexedDB serialises
   * with every other writer of the table: an append from this or another tab lands either before
   * (and is merged) or after (and stays its own row) — never lost. Returns the rows now stored.
   */
  async compact(docId: string, options: CompactOptions = {}): Promise<number> {
    const db = this.#db;
    const least = options.collectGarbage === true ? 1 : 2;
    return db.transaction('rw', [db.docUpdates, db.docMeta], async () => {
      const rows = await db.docUpdates.where('docId').equals(docId).toArray();
      if (rows.length < least) return rows.length;
      const merged = mergeRows(rows.map((row) => row.update), options.collectGarbage);
      const ids: number[] = [];
      for (const row of rows) if (row.id !== undefined) ids.push(row.id);
      await db.docUpdates.bulkDelete(ids);
      await db.docUpdates.add({ docId, update: merged });
      const meta = (await db.docMeta.get(docId)) ?? emptyMeta(docId);
      await db.docMeta.put({ ...meta, compactions: meta.compactions + 1, compactedAt: this.#now() });
      return 1;
    });
  }

  async rowCount(docId: string): Promise<number> {
    return this.#db.docUpdates.where('docId').equals(docId).count();
  }

  async docIds(): Promise<string[]> {
    const keys = await this.#db.docUpdates.orderBy('docId').uniqueKeys();
    return keys.filter((key): key is string => typeof key === 'string');
  }

  async meta(docId: string): Promise<DocMeta | undefined> {
    const row = await this.#db.docMeta.get(docId);
    return row === undefined ? undefined : { lastAckedSeq: row.lastAckedSeq, compactions: row.compactions, compactedAt: row.compactedAt };
  }

  async forget(docId: string): Promise<void> {
    const db = this.#db;
    await db.transaction('rw', [db.docUpdates, db.docOutbox, db.docMeta], async () => {
      await db.docUpdates.where('docId').equals(docId).delete();
      await db.docOutbox.where('docId').equals(docId).delete();
      await db.docMeta.delete(docId);
    });
  }

  async #ensureMeta(docId: string): Promise<void> {
    const db = this.#db;
    if ((await db.docMeta.get(docId)) === undefined) await db.docMeta.add(emptyMeta(docId));
  }
}
