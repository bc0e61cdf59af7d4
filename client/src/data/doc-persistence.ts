import * as Y from 'yjs';
import type { LocalDb } from './local-db';

/** A local update waiting for the relay's acknowledgement. */
export interface PendingUpdate {
  readonly id: number;
  readonly update: Uint8Array;
}

/** What IndexedDB holds for one doc. */
export interface LoadedDoc {
  /**
   * Every stored update of the doc, oldest first (empty when the device holds nothing for it).
   * Applied as they are in one transaction: merging them first would decode the doc twice and
   * encode it once more on every cold start; merging is compaction's job.
   */
  readonly updates: readonly Uint8Array[];
  readonly rows: number;
  readonly lastAckedSeq: number;
  readonly pending: readonly PendingUpdate[];
}

const emptyMeta = (docId: string) => ({ docId, lastAckedSeq: 0, compactions: 0, compactedAt: 0 });

/**
 * Reads, appends and compacts the stored updates of docs. Every method is one IndexedDB
 * transaction, so two tabs (or a compaction and an append) never see each other half-done.
 */
export class DocPersistence {
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
      for (const row of outbox) if (row.id !== undefined) pending.push({ id: row.id, update: row.update });
      return {
        updates: rows.map((row) => row.update),
        rows: rows.length,
        lastAckedSeq: meta?.lastAckedSeq ?? 0,
        pending,
      };
    });
  }

  /** Stores a local update and records it as pending; returns its outbox id. */
  async appendLocal(docId: string, update: Uint8Array): Promise<number> {
    const db = this.#db;
    return db.transaction('rw', [db.docUpdates, db.docOutbox, db.docMeta], async () => {
      await this.#ensureMeta(docId);
      await db.docUpdates.add({ docId, update });
      const id = await db.docOutbox.add({ docId, update });
      if (id === undefined) throw new Error('IndexedDB assigned no key to an outbox row');
      return id;
    });
  }

  /** Stores an update that came from the relay (nothing to upload). */
  async appendRemote(docId: string, update: Uint8Array): Promise<void> {
    const db = this.#db;
    await db.transaction('rw', [db.docUpdates, db.docMeta], async () => {
      await this.#ensureMeta(docId);
      await db.docUpdates.add({ docId, update });
    });
  }

  /** The relay acknowledged `ids` as of `seq`: they leave the outbox, the acked seq advances. */
  async acknowledge(docId: string, ids: readonly number[], seq: number): Promise<void> {
    const db = this.#db;
    await db.transaction('rw', [db.docOutbox, db.docMeta], async () => {
      await db.docOutbox.bulkDelete([...ids]);
      const meta = await db.docMeta.get(docId);
      if (meta !== undefined && seq > meta.lastAckedSeq) await db.docMeta.put({ ...meta, lastAckedSeq: seq });
    });
  }

  /** Drops outbox entries the relay refused for good (they stay in the local doc). */
  async discard(ids: readonly number[]): Promise<void> {
    await this.#db.docOutbox.bulkDelete([...ids]);
  }

  /**
   * Merges every stored update row of the doc into one. Reading, deleting exactly the rows read
   * and adding the merged row happen in one read-write transaction, which IndexedDB serialises
   * with every other writer of the table: an append from this or another tab lands either before
   * (and is merged) or after (and stays its own row) — never lost. Returns the rows now stored.
   */
  async compact(docId: string): Promise<number> {
    const db = this.#db;
    return db.transaction('rw', [db.docUpdates, db.docMeta], async () => {
      const rows = await db.docUpdates.where('docId').equals(docId).toArray();
      if (rows.length < 2) return rows.length;
      const merged = Y.mergeUpdates(rows.map((row) => row.update));
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

  /** Every doc this device holds updates for. */
  async docIds(): Promise<string[]> {
    const keys = await this.#db.docUpdates.orderBy('docId').uniqueKeys();
    return keys.filter((key): key is string => typeof key === 'string');
  }

  async meta(docId: string): Promise<{ lastAckedSeq: number; compactions: number; compactedAt: number } | undefined> {
    return this.#db.docMeta.get(docId);
  }

  /** Deletes everything the device holds for the doc. */
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
