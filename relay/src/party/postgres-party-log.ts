import type { Database, Queryable } from '@rpg-bot/db';
import type { PartyLogOptions } from './in-memory-party-log';
import { countCutoff, defaultPartyRetention, defaultPruneBatch } from './retention';
import type { Envelope, NewPartyEvent, PartyAppendResult, PartyLog, PartyPage, PartyRetention, StoredPartyEvent } from './types';

interface EventRow extends Record<string, unknown> {
  seq: number;
  event_id: string;
  actor_id: string;
  type: string;
  envelope: Envelope;
  created_at: Date;
}

interface HeadRow extends Record<string, unknown> {
  head_seq: number;
  first_retained_seq: number;
}

const EVENT_COLUMNS = 'seq, event_id, actor_id, type, envelope, created_at';

const toEvent = (row: EventRow): StoredPartyEvent => ({
  seq: row.seq,
  eventId: row.event_id,
  actorId: row.actor_id,
  type: row.type,
  envelope: row.envelope,
  createdAt: row.created_at,
});

/**
 * `PartyLog` on the `Database` port (PGlite or PostgreSQL; run `partyMigrations` first).
 *
 * Appends lock the campaign's row in `party_heads` for their short transaction, so seqs are
 * assigned in commit order without gaps and never collide across relay processes; the duplicate
 * check runs under the same lock. Pruning takes the same lock and drops a prefix of the stream.
 */
export class PostgresPartyLog implements PartyLog {
  readonly #db: Database;
  readonly #retention: PartyRetention;
  readonly #pruneBatch: number;

  constructor(db: Database, options: PartyLogOptions = {}) {
    this.#db = db;
    this.#retention = options.retention ?? defaultPartyRetention;
    this.#pruneBatch = options.pruneBatch ?? defaultPruneBatch(this.#retention.maxEvents);
  }

  append(campaignId: string, events: readonly [NewPartyEvent, ...NewPartyEvent[]]): Promise<PartyAppendResult> {
    return this.#db.transaction(async (tx) => {
      const head = await lockHead(tx, campaignId);
      const first = events[0];
      const existing = await findWith(tx, campaignId, first.actorId, first.eventId, events.length);
      if (existing !== undefined) return { duplicate: true, events: existing };
      const stored: StoredPartyEvent[] = [];
      let seq = head.head_seq;
      for (const event of events) {
        seq += 1;
        const envelope = { ...event.envelope, seq };
        await tx.query(
          `INSERT INTO party_events (campaign_id, seq, event_id, actor_id, type, envelope, created_at)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
          [campaignId, seq, event.eventId, event.actorId, event.type, JSON.stringify(envelope), event.createdAt],
        );
        stored.push({ ...event, seq, envelope });
      }
      const cutoff = countCutoff(seq, head.first_retained_seq, this.#retention.maxEvents, this.#pruneBatch);
      await tx.query('UPDATE party_heads SET head_seq = $2 WHERE campaign_id = $1', [campaignId, seq]);
      if (cutoff > 0) await dropThrough(tx, campaignId, cutoff);
      return { duplicate: false, events: stored };
    });
  }

  find(campaignId: string, actorId: string, eventId: string, count: number): Promise<StoredPartyEvent[] | undefined> {
    return findWith(this.#db, campaignId, actorId, eventId, count);
  }

  async readSince(campaignId: string, afterSeq: number, limit: number): Promise<PartyPage> {
    // One statement, one MVCC snapshot: the head and the events agree even while others append or prune.
    const { rows } = await this.#db.query<Partial<HeadRow> & Partial<EventRow>>(
      `SELECT h.head_seq, h.first_retained_seq, e.seq, e.event_id, e.actor_id, e.type, e.envelope, e.created_at
       FROM (SELECT $1::text AS campaign_id) c
       LEFT JOIN party_heads h ON h.campaign_id = c.campaign_id
       LEFT JOIN LATERAL (
         SELECT ${EVENT_COLUMNS} FROM party_events WHERE campaign_id = $1 AND seq > $2 ORDER BY seq LIMIT $3
       ) e ON true
       ORDER BY e.seq`,
      [campaignId, afterSeq, limit],
    );
    const head = rows[0];
    return {
      events: rows.flatMap((row) => (isEventRow(row) ? [toEvent(row)] : [])),
      headSeq: head?.head_seq ?? 0,
      firstRetainedSeq: head?.first_retained_seq ?? 1,
    };
  }

  async prune(now: Date): Promise<number> {
    const cutoffAt = new Date(now.getTime() - this.#retention.maxAgeMs);
    const { rows } = await this.#db.query<{ campaign_id: string }>(
      `SELECT h.campaign_id FROM party_heads h
       WHERE h.head_seq - h.first_retained_seq + 1 > $1
          OR EXISTS (SELECT 1 FROM party_events e WHERE e.campaign_id = h.campaign_id AND e.created_at < $2)`,
      [this.#retention.maxEvents, cutoffAt],
    );
    let removed = 0;
    // One short transaction per campaign, under the same head lock appends take.
    for (const { campaign_id: campaignId } of rows) {
      removed += await this.#db.transaction(async (tx) => {
        const head = await lockHead(tx, campaignId);
        const expired = await tx.query<{ upto: number | null }>(
          'SELECT max(seq) AS upto FROM party_events WHERE campaign_id = $1 AND created_at < $2',
          [campaignId, cutoffAt],
        );
        const byAge = expired.rows[0]?.upto ?? 0;
        const byCount = countCutoff(head.head_seq, head.first_retained_seq, this.#retention.maxEvents, 1);
        const upTo = Math.max(byAge, byCount);
        return upTo >= head.first_retained_seq ? dropThrough(tx, campaignId, upTo) : 0;
      });
    }
    return removed;
  }
}

function isEventRow(row: Partial<EventRow>): row is EventRow {
  return typeof row.seq === 'number' && typeof row.event_id === 'string';
}

async function lockHead(tx: Queryable, campaignId: string): Promise<HeadRow> {
  const select = 'SELECT head_seq, first_retained_seq FROM party_heads WHERE campaign_id = $1 FOR UPDATE';
  const existing = (await tx.query<HeadRow>(select, [campaignId])).rows[0];
  if (existing !== undefined) return existing;
  await tx.query('INSERT INTO party_heads (campaign_id) VALUES ($1) ON CONFLICT (campaign_id) DO NOTHING', [campaignId]);
  const created = (await tx.query<HeadRow>(select, [campaignId])).rows[0];
  if (created === undefined) throw new Error(`party_heads row of ${campaignId} missing right after its insert`);
  return created;
}

async function findWith(db: Queryable, campaignId: string, actorId: string, eventId: string, count: number): Promise<StoredPartyEvent[] | undefined> {
  const { rows } = await db.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM party_events
     WHERE campaign_id = $1 AND actor_id = $2
       AND seq >= (SELECT seq FROM party_events WHERE campaign_id = $1 AND actor_id = $2 AND event_id = $3)
       AND seq < (SELECT seq FROM party_events WHERE campaign_id = $1 AND actor_id = $2 AND event_id = $3) + $4
     ORDER BY seq`,
    [campaignId, actorId, eventId, count],
  );
  return rows.length === 0 ? undefined : rows.map(toEvent);
}

/** Deletes the prefix up to `upTo` (inside the caller's head lock) and records the new first retained seq. */
async function dropThrough(tx: Queryable, campaignId: string, upTo: number): Promise<number> {
  const { rowCount } = await tx.query('DELETE FROM party_events WHERE campaign_id = $1 AND seq <= $2', [campaignId, upTo]);
  await tx.query('UPDATE party_heads SET first_retained_seq = GREATEST(first_retained_seq, $2) WHERE campaign_id = $1', [campaignId, upTo + 1]);
  return rowCount;
}
