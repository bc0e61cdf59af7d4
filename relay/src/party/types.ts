/** A party event envelope as JSON (a CloudEvent; the log treats it as opaque data). */
export type Envelope = Readonly<Record<string, unknown>>;

/** An event to append: its idempotency key parts, and the envelope without `seq` (the log stamps it). */
export interface NewPartyEvent {
  readonly eventId: string;
  /** The sender (relay-emitted events: the member concerned or the requester). */
  readonly actorId: string;
  readonly type: string;
  readonly envelope: Envelope;
  readonly createdAt: Date;
}

/** An event as stored: its envelope carries `seq` as an extension attribute. */
export interface StoredPartyEvent {
  readonly seq: number;
  readonly eventId: string;
  readonly actorId: string;
  readonly type: string;
  readonly envelope: Envelope;
  readonly createdAt: Date;
}

/**
 * Outcome of an append. `duplicate`: the first event's key (campaign, actor, id) was stored
 * before; nothing was written and `events` are the rows that append stored then (as far as
 * retention kept them).
 */
export interface PartyAppendResult {
  readonly duplicate: boolean;
  readonly events: StoredPartyEvent[];
}

/** A slice of a campaign's stream and where the stream stands. */
export interface PartyPage {
  readonly events: StoredPartyEvent[];
  /** Newest seq of the campaign (0: none yet). */
  readonly headSeq: number;
  /** Oldest seq still stored: 1 until retention prunes, `headSeq + 1` once everything was pruned. */
  readonly firstRetainedSeq: number;
}

/** How much of each campaign's stream is kept. */
export interface PartyRetention {
  readonly maxEvents: number;
  readonly maxAgeMs: number;
}

/**
 * The per-campaign, append-only party event log (port). Seqs are 1, 2, 3 … per campaign with no
 * gaps, also with concurrent appends from several processes; retention prunes a prefix.
 */
export interface PartyLog {
  /**
   * Appends `events` atomically with consecutive seqs, unless the first one's key (campaign,
   * actorId, eventId) is already stored — then nothing is written (`duplicate`). Count retention
   * runs here, batched: once a campaign holds `maxEvents + pruneBatch` events it is cut back to
   * `maxEvents` in the same transaction.
   */
  append(campaignId: string, events: readonly [NewPartyEvent, ...NewPartyEvent[]]): Promise<PartyAppendResult>;
  /** The stored event with this key and the `count - 1` events the same append stored after it, or undefined. */
  find(campaignId: string, actorId: string, eventId: string, count: number): Promise<StoredPartyEvent[] | undefined>;
  /** Up to `limit` retained events with seq > `afterSeq`, ascending, read in one snapshot with the head. */
  readSince(campaignId: string, afterSeq: number, limit: number): Promise<PartyPage>;
  /** Prunes, in every campaign, events older than `now - maxAgeMs` (and any excess over maxEvents); returns how many went. */
  prune(now: Date): Promise<number>;
}
