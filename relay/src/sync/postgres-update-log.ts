import type { Database, Queryable } from '@rpg-bot/db';
import { defaultCheckpointPolicy } from './checkpoint-plan';
import type { CheckpointPolicy } from './checkpoint-plan';
import { contiguousRun, planCompaction } from './compaction-plan';
import type { CompactionPlan, StoredCheckpoint } from './compaction-plan';
import { planAppends, singleResult } from './append-plan';
import type { PlannedEntry } from './append-plan';
import { decodeSummary, emptySummary, encodeSummary } from './doc-summary';
import { listCheckpoints, resolveStateAt } from './history';
import type {
  AppendBatchResult,
  AppendItem,
  AppendMeta,
  AppendResult,
  Checkpoint,
  CompactOptions,
  CompactResult,
  DocSize,
  LoadedState,
  LogEntry,
  UpdateLog,
} from './types';
import { UpdateLogError } from './types';

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
 * Appends lock the doc's row in `sync_docs` for their short transaction, so seqs are assigned in
 * commit order and never collide across processes. A batch takes the lock once, decodes and
 * re-encodes the doc summary once and writes all its rows with one INSERT. Compaction merges outside any transaction and
 * then writes in one short transaction that does not touch appended rows beyond its upper seq.
 */
export class PostgresUpdateLog implements UpdateLog {
  readonly #db: Database;
  readonly #policy: CheckpointPolicy;

  constructor(db: Database, options: { checkpointPolicy?: CheckpointPolicy } = {}) {
    this.#db = db;
    this.#policy = options.checkpointPolicy ?? defaultCheckpointPolicy;
  }

  async append(docId: string, update: Uint8Array, meta: AppendMeta): Promise<AppendResult> {
    return singleResult(await this.appendBatch(docId, [{ update, meta }]));
  }

  async appendBatch(docId: string, items: readonly AppendItem[]): Promise<AppendBatchResult[]> {
    if (items.length === 0) return [];
    return this.#db.transaction(async (tx) => {
      const head = await lockHead(tx, docId);
      const plan = planAppends({ seq: head.head_seq, summary: decodeSummary(head.summary), storedBytes: head.stored_bytes }, items);
      if (plan.entries.length === 0) return plan.results;
      const seq = await writeEntries(tx, docId, plan.entries, encodeSummary(plan.head.summary), plan.head.storedBytes - head.stored_bytes);
      // The row lock makes this impossible; checked because a wrong seq would be acked.
      if (seq !== plan.head.seq) throw new Error(`sync_docs head of ${docId} moved inside its own lock`);
      return plan.results;
    });
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
 * Inserts a batch's entries (one multi-row INSERT, 5 parameters a row — far below PostgreSQL's
 * 65,535) and advances the head, in ONE statement (one round trip); returns the new head seq.
 */
async function writeEntries(tx: Queryable, docId: string, entries: readonly PlannedEntry[], summary: Uint8Array, addedBytes: number): Promise<number | undefined> {
  const params: unknown[] = [docId, entries.length, summary, addedBytes];
  const rows = entries.map(({ seq, item }) => {
    params.push(seq, item.update, item.meta.authorId, item.meta.at);
    const at = params.length;
    return `($1, $${String(at - 3)}, $${String(at - 2)}, $${String(at - 1)}, $${String(at)})`;
  });
  const { rows: head } = await tx.query<{ head_seq: number }>(
    `WITH inserted AS (INSERT INTO sync_updates (doc_id, seq, update, author_id, at) VALUES ${rows.join(', ')})
     UPDATE sync_docs SET head_seq = head_seq + $2, summary = $3, stored_bytes = stored_bytes + $4
     WHERE doc_id = $1 RETURNING head_seq`,
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
  let delta = plan.snapshot.byteLength - (state.snapshot?.byteLength ?? 0) - sum(removed.rows.map((row) => row.n));
  if (plan.replaceHistory) {
    const dropped = await tx.query<{ n: number }>(
      'DELETE FROM sync_checkpoints WHERE doc_id = $1 RETURNING octet_length(data) AS n',
      [docId],
    );
    delta -= sum(dropped.rows.map((row) => row.n));
  }
  for (const checkpoint of plan.checkpoints) {
    await tx.query(
      'INSERT INTO sync_checkpoints (doc_id, seq, at, author_id, base, data) VALUES ($1, $2, $3, $4, $5, $6)',
      [docId, checkpoint.seq, checkpoint.at, checkpoint.authorId, checkpoint.base, checkpoint.data],
    );
    delta += checkpoint.data.byteLength;
  }
  // Last statement: the head-row lock that appends also take is held only until the commit.
  await tx.query('UPDATE sync_docs SET stored_bytes = stored_bytes + $2 WHERE doc_id = $1', [docId, delta]);
  return true;
}

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);
