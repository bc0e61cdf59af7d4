import type { Database, Queryable } from '@rpg-bot/db';
import { LRUCache } from 'lru-cache';
import { defaultCheckpointPolicy } from './checkpoint-plan';
import type { CheckpointPolicy } from './checkpoint-plan';
import { contiguousRun, planCompaction } from './compaction-plan';
import type { CompactionPlan, StoredCheckpoint } from './compaction-plan';
import { planAppends, singleResult } from './append-plan';
import type { AppendHead, PlannedEntry } from './append-plan';
import { decodeSummary, emptySummary, encodeSummary, summaryOf } from './doc-summary';
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
import { isRefusal, UpdateLogError } from './types';

/** Heads kept for the one-statement append path; a head is a few hundred bytes to a few KB. */
export const DEFAULT_MAX_CACHED_HEADS = 1024;

interface EntryRow extends Record<string, unknown> {
  seq: number;
  update: Uint8Array;
  author_id: string;
  at: Date;
}

interface HeadRow extends Record<string, unknown> {
  head_seq: number;
  summary: Uint8Array;
  stored_bytes: number;
}

const toEntry = (row: EntryRow): LogEntry => ({ seq: row.seq, update: row.update, authorId: row.author_id, at: row.at });

/**
 * `UpdateLog` on the `Database` port (PGlite or PostgreSQL; run `syncMigrations` first).
 *
 * Seqs are assigned by the doc's head row in `sync_docs`, in commit order, never colliding across
 * processes. A batch normally costs ONE autocommitted statement: it is planned against the head
 * this process last committed (kept decoded in memory) and its UPDATE only applies while the row
 * still holds that head. When another process appended or a compaction changed the byte count,
 * nothing is written and the batch takes the locked path (lock the row, decode the stored summary,
 * write, commit). Compaction merges outside any transaction and then writes in one short
 * transaction that does not touch appended rows beyond its upper seq.
 */
export class PostgresUpdateLog implements UpdateLog {
  readonly #db: Database;
  readonly #policy: CheckpointPolicy;
  /**
   * The last head this process committed or read per doc, at most `maxCachedHeads` of them (the
   * least recently used is dropped); none at all with `maxCachedHeads: 0` (every append locks).
   */
  readonly #heads: LRUCache<string, AppendHead> | undefined;

  constructor(db: Database, options: { checkpointPolicy?: CheckpointPolicy; maxCachedHeads?: number } = {}) {
    this.#db = db;
    this.#policy = options.checkpointPolicy ?? defaultCheckpointPolicy;
    const maxCachedHeads = options.maxCachedHeads ?? DEFAULT_MAX_CACHED_HEADS;
    if (!Number.isInteger(maxCachedHeads) || maxCachedHeads < 0) {
      throw new RangeError(`maxCachedHeads must be an integer >= 0, got ${String(maxCachedHeads)}`);
    }
    // lru-cache has no "hold nothing" size, so 0 is no cache rather than max: 0.
    this.#heads = maxCachedHeads === 0 ? undefined : new LRUCache({ max: maxCachedHeads });
  }

  /** Heads currently cached for the one-statement append path (for tests and metrics). */
  get cachedHeads(): number {
    return this.#heads?.size ?? 0;
  }

  async append(docId: string, update: Uint8Array, meta: AppendMeta): Promise<AppendResult> {
    return singleResult(await this.appendBatch(docId, [{ update, meta }]));
  }

  async appendBatch(docId: string, items: readonly AppendItem[]): Promise<AppendBatchResult[]> {
    if (items.length === 0) return [];
    const cached = this.#heads?.get(docId);
    if (cached !== undefined) {
      const answered = await this.#appendOptimistic(docId, cached, items);
      if (answered !== undefined) return answered;
    }
    return this.#appendLocked(docId, items);
  }

  /**
   * The fast path: plans against the head this process last wrote or read and stores the batch in
   * ONE autocommitted statement (one round trip, one commit) that only takes effect while the head
   * row still has that seq and byte count. `undefined` when the head moved (another process
   * appended, a compaction changed the byte count) or the answer depends on a possibly stale byte
   * count: the caller then takes the locked path.
   *
   * A cached summary is never ahead of the stored one (appends only grow it), so an item it
   * already contains is a duplicate whatever another process did meanwhile.
   */
  async #appendOptimistic(docId: string, cached: AppendHead, items: readonly AppendItem[]): Promise<AppendBatchResult[] | undefined> {
    const plan = planAppends(cached, items);
    if (plan.entries.length === 0) {
      return plan.results.some((result) => isRefusal(result) && result.refused === 'doc_too_large') ? undefined : plan.results;
    }
    let seq: number | undefined;
    try {
      seq = await writeEntries(this.#db, docId, plan.entries, encodeSummary(plan.head.summary), plan.head.storedBytes - cached.storedBytes, cached);
    } catch (error) {
      this.#heads?.delete(docId);
      throw error;
    }
    if (seq === undefined) {
      this.#heads?.delete(docId);
      return undefined;
    }
    if (seq !== plan.head.seq) throw new Error(`sync_docs head of ${docId} moved inside its own statement`);
    this.#remember(docId, plan.head);
    return plan.results;
  }

  /** The general path: locks the head row, plans against what is stored, writes, commits. */
  async #appendLocked(docId: string, items: readonly AppendItem[]): Promise<AppendBatchResult[]> {
    this.#heads?.delete(docId);
    const { results, head } = await this.#db.transaction(async (tx) => {
      const row = await lockHead(tx, docId);
      const plan = planAppends({ seq: row.head_seq, summary: decodeSummary(row.summary), storedBytes: row.stored_bytes }, items);
      if (plan.entries.length > 0) {
        const seq = await writeEntries(tx, docId, plan.entries, encodeSummary(plan.head.summary), plan.head.storedBytes - row.stored_bytes);
        // The row lock makes this impossible; checked because a wrong seq would be acked.
        if (seq !== plan.head.seq) throw new Error(`sync_docs head of ${docId} moved inside its own lock`);
      }
      return plan;
    });
    // Remembered only once committed: a rolled-back batch must not leave its head behind.
    this.#remember(docId, head);
    return results;
  }

  #remember(docId: string, head: AppendHead): void {
    this.#heads?.set(docId, head);
  }

  async readSince(docId: string, afterSeq: number): Promise<LogEntry[]> {
    // One statement, one MVCC snapshot: a compaction committing meanwhile cannot tear the answer.
    const { rows } = await this.#db.query<{ snapshot_seq: number } & Partial<EntryRow>>(
      `SELECT s.snapshot_seq, u.seq, u.update, u.author_id, u.at
       FROM (SELECT COALESCE((SELECT seq FROM sync_snapshots WHERE doc_id = $1), 0) AS snapshot_seq) s
       LEFT JOIN sync_updates u ON u.doc_id = $1 AND u.seq > $2
       ORDER BY u.seq`,
      [docId, afterSeq],
    );
    const snapshotSeq = rows[0]?.snapshot_seq ?? 0;
    if (afterSeq < snapshotSeq) {
      throw new UpdateLogError('compacted', `Entries up to ${String(snapshotSeq)} were compacted.`);
    }
    return rows.flatMap((row) => (isEntryRow(row) ? [toEntry(row)] : []));
  }

  loadState(docId: string): Promise<LoadedState> {
    return loadStateWith(this.#db, docId);
  }

  async compact(docId: string, options: CompactOptions): Promise<CompactResult> {
    const state = await this.loadState(docId);
    const run = contiguousRun(state.tail, state.snapshotSeq);
    const plan = planCompaction(state.snapshot, run, options.keepHistory, this.#policy);
    if (plan === null) return { compacted: false, snapshotSeq: state.snapshotSeq };
    const won = await this.#db.transaction((tx) => writeCompaction(tx, docId, state, plan));
    // The head's byte count changed: the next append re-reads it under the lock.
    if (won) this.#heads?.delete(docId);
    return won ? { compacted: true, snapshotSeq: plan.upperSeq } : { compacted: false, snapshotSeq: state.snapshotSeq };
  }

  async checkpoints(docId: string): Promise<Checkpoint[]> {
    const state = await this.loadState(docId);
    return listCheckpoints(await this.#storedCheckpoints(docId, state.snapshotSeq), state);
  }

  async stateAt(docId: string, seq: number): Promise<Uint8Array> {
    const { headSeq } = await this.size(docId);
    const state = await this.loadState(docId);
    return resolveStateAt(seq, headSeq, state, () => this.#storedCheckpoints(docId, seq));
  }

  async size(docId: string): Promise<DocSize> {
    // One statement, so the tail bytes belong to the snapshot seq it reports.
    const { rows } = await this.#db.query<{ head_seq: number; stored_bytes: number; snapshot_seq: number | null; tail_bytes: number }>(
      `SELECT d.head_seq, d.stored_bytes, s.seq AS snapshot_seq,
              (SELECT COALESCE(sum(octet_length(u.update)), 0)::bigint FROM sync_updates u
               WHERE u.doc_id = d.doc_id AND u.seq > COALESCE(s.seq, 0)) AS tail_bytes
       FROM sync_docs d LEFT JOIN sync_snapshots s ON s.doc_id = d.doc_id WHERE d.doc_id = $1`,
      [docId],
    );
    const row = rows[0];
    return {
      headSeq: row?.head_seq ?? 0,
      snapshotSeq: row?.snapshot_seq ?? 0,
      storedBytes: row?.stored_bytes ?? 0,
      tailBytes: row?.tail_bytes ?? 0,
    };
  }

  async rewrite(docId: string, changes: DocRewrite): Promise<void> {
    this.#heads?.delete(docId);
    await this.#db.transaction(async (tx) => {
      await lockHead(tx, docId);
      if (changes.snapshot !== undefined) {
        await tx.query('UPDATE sync_snapshots SET state = $2 WHERE doc_id = $1', [docId, changes.snapshot]);
      }
      for (const [seq, update] of changes.entries ?? []) {
        await tx.query('UPDATE sync_updates SET update = $3 WHERE doc_id = $1 AND seq = $2', [docId, seq, update]);
      }
      for (const [seq, state] of changes.checkpoints ?? []) {
        await tx.query('UPDATE sync_checkpoints SET base = true, data = $3 WHERE doc_id = $1 AND seq = $2', [docId, seq, state]);
      }
      const state = await loadStateWith(tx, docId);
      const summary = summaryOf([...(state.snapshot === null ? [] : [state.snapshot]), ...state.tail.map((entry) => entry.update)]);
      await tx.query(
        `UPDATE sync_docs SET summary = $2, stored_bytes =
           COALESCE((SELECT octet_length(state) FROM sync_snapshots WHERE doc_id = $1), 0)
           + COALESCE((SELECT sum(octet_length(update)) FROM sync_updates WHERE doc_id = $1), 0)
         WHERE doc_id = $1`,
        [docId, encodeSummary(summary)],
      );
    });
    this.#heads?.delete(docId);
  }

  async #storedCheckpoints(docId: string, upToSeq: number): Promise<StoredCheckpoint[]> {
    const { rows } = await this.#db.query<{ seq: number; at: Date; author_id: string; base: boolean; data: Uint8Array }>(
      'SELECT seq, at, author_id, base, data FROM sync_checkpoints WHERE doc_id = $1 AND seq <= $2 ORDER BY seq',
      [docId, upToSeq],
    );
    return rows.map((row) => ({ seq: row.seq, at: row.at, authorId: row.author_id, base: row.base, data: row.data }));
  }
}

function isEntryRow(row: Partial<EntryRow>): row is EntryRow {
  return typeof row.seq === 'number' && row.update instanceof Uint8Array;
}

async function lockHead(tx: Queryable, docId: string): Promise<HeadRow> {
  const select = 'SELECT head_seq, summary, stored_bytes FROM sync_docs WHERE doc_id = $1 FOR UPDATE';
  const found = await tx.query<HeadRow>(select, [docId]);
  const existing = found.rows[0];
  if (existing !== undefined) return existing;
  await tx.query('INSERT INTO sync_docs (doc_id, summary) VALUES ($1, $2) ON CONFLICT (doc_id) DO NOTHING', [
    docId,
    encodeSummary(emptySummary()),
  ]);
  const created = (await tx.query<HeadRow>(select, [docId])).rows[0];
  if (created === undefined) throw new Error(`sync_docs row of ${docId} missing right after its insert`);
  return created;
}

/**
 * Advances the head row and inserts a batch's entries (one multi-row INSERT, 4 parameters a row —
 * far below PostgreSQL's 65,535) in ONE statement; the INSERT reads the UPDATE's RETURNING, so
 * entries are stored only if the head moved. With `expected`, the UPDATE only applies while the
 * row still holds that seq and byte count (the one-statement path, autocommitted); under READ
 * COMMITTED a concurrent append makes it wait and then re-check the new row, which no longer
 * matches. Without it the caller holds the row lock. Returns the new head seq, `undefined` when
 * the head had moved (or the doc has no head row yet).
 */
async function writeEntries(
  q: Queryable,
  docId: string,
  entries: readonly PlannedEntry[],
  summary: Uint8Array,
  addedBytes: number,
  expected?: AppendHead,
): Promise<number | undefined> {
  const params: unknown[] = [docId, entries.length, summary, addedBytes];
  let condition = '';
  if (expected !== undefined) {
    params.push(expected.seq, expected.storedBytes);
    condition = 'AND head_seq = $5 AND stored_bytes = $6';
  }
  const rows = entries.map(({ seq, item }) => {
    params.push(seq, item.update, item.meta.authorId, item.meta.at);
    const at = params.length;
    return `($${String(at - 3)}::bigint, $${String(at - 2)}::bytea, $${String(at - 1)}::text, $${String(at)}::timestamptz)`;
  });
  const { rows: head } = await q.query<{ head_seq: number }>(
    `WITH head AS (
       UPDATE sync_docs SET head_seq = head_seq + $2, summary = $3, stored_bytes = stored_bytes + $4
       WHERE doc_id = $1 ${condition} RETURNING head_seq
     ), inserted AS (
       INSERT INTO sync_updates (doc_id, seq, update, author_id, at)
       SELECT $1, v.seq, v.update, v.author_id, v.at FROM (VALUES ${rows.join(', ')}) AS v (seq, update, author_id, at)
       WHERE EXISTS (SELECT 1 FROM head)
     )
     SELECT head_seq FROM head`,
    params,
  );
  return head[0]?.head_seq;
}

async function loadStateWith(db: Queryable, docId: string): Promise<LoadedState> {
  // Snapshot and tail in one statement, so both come from the same committed state.
  const { rows } = await db.query<{ kind: number } & EntryRow>(
    `SELECT 0 AS kind, seq, state AS update, '' AS author_id, now() AS at FROM sync_snapshots WHERE doc_id = $1
     UNION ALL
     SELECT 1, seq, update, author_id, at FROM sync_updates
     WHERE doc_id = $1 AND seq > COALESCE((SELECT seq FROM sync_snapshots WHERE doc_id = $1), 0)
     ORDER BY kind, seq`,
    [docId],
  );
  const snapshotRow = rows.find((row) => row.kind === 0);
  return {
    snapshot: snapshotRow?.update ?? null,
    snapshotSeq: snapshotRow?.seq ?? 0,
    tail: rows.filter((row) => row.kind === 1).map(toEntry),
  };
}

/** Writes a planned compaction; false when another compaction of the doc committed first. */
async function writeCompaction(tx: Queryable, docId: string, state: LoadedState, plan: CompactionPlan): Promise<boolean> {
  const current = await tx.query<{ seq: number }>('SELECT seq FROM sync_snapshots WHERE doc_id = $1 FOR UPDATE', [docId]);
  const currentSeq = current.rows[0]?.seq;
  if (currentSeq === undefined) {
    if (state.snapshotSeq !== 0) return false;
    const inserted = await tx.query(
      'INSERT INTO sync_snapshots (doc_id, seq, state) VALUES ($1, $2, $3) ON CONFLICT (doc_id) DO NOTHING RETURNING doc_id',
      [docId, plan.upperSeq, plan.snapshot],
    );
    if (inserted.rowCount === 0) return false;
  } else {
    if (currentSeq !== state.snapshotSeq) return false;
    await tx.query('UPDATE sync_snapshots SET seq = $2, state = $3 WHERE doc_id = $1', [docId, plan.upperSeq, plan.snapshot]);
  }
  const removed = await tx.query<{ n: number }>(
    'DELETE FROM sync_updates WHERE doc_id = $1 AND seq <= $2 RETURNING octet_length(update) AS n',
    [docId, plan.upperSeq],
  );
  // History (checkpoints) is not part of the doc's size: the size limit is about the document.
  const delta = plan.snapshot.byteLength - (state.snapshot?.byteLength ?? 0) - sum(removed.rows.map((row) => row.n));
  if (plan.replaceHistory) await tx.query('DELETE FROM sync_checkpoints WHERE doc_id = $1', [docId]);
  for (const checkpoint of plan.checkpoints) {
    await tx.query(
      'INSERT INTO sync_checkpoints (doc_id, seq, at, author_id, base, data) VALUES ($1, $2, $3, $4, $5, $6)',
      [docId, checkpoint.seq, checkpoint.at, checkpoint.authorId, checkpoint.base, checkpoint.data],
    );
  }
  // Last statement: the head-row lock that appends also take is held only until the commit.
  await tx.query('UPDATE sync_docs SET stored_bytes = stored_bytes + $2 WHERE doc_id = $1', [docId, delta]);
  return true;
}

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);
