import { countCutoff, defaultPartyRetention, defaultPruneBatch } from './retention';
import type { NewPartyEvent, PartyAppendResult, PartyLog, PartyPage, PartyRetention, StoredPartyEvent } from './types';

interface MemoryCampaign {
  headSeq: number;
  firstRetainedSeq: number;
  events: StoredPartyEvent[];
}

export interface PartyLogOptions {
  readonly retention?: PartyRetention;
  /** Override of {@link defaultPruneBatch} (tests use 1 to prune on every append past the limit). */
  readonly pruneBatch?: number;
}

const keyOf = (actorId: string, eventId: string): string => JSON.stringify([actorId, eventId]);

/**
 * `PartyLog` in process memory, for tests and single-process development. Each method does its
 * bookkeeping synchronously, so concurrent calls interleave only between whole operations — the
 * guarantee the database adapter gets from its head-row lock.
 */
export class InMemoryPartyLog implements PartyLog {
  readonly #campaigns = new Map<string, MemoryCampaign>();
  readonly #retention: PartyRetention;
  readonly #pruneBatch: number;

  constructor(options: PartyLogOptions = {}) {
    this.#retention = options.retention ?? defaultPartyRetention;
    this.#pruneBatch = options.pruneBatch ?? defaultPruneBatch(this.#retention.maxEvents);
  }

  #campaign(campaignId: string): MemoryCampaign {
    let campaign = this.#campaigns.get(campaignId);
    if (campaign === undefined) {
      campaign = { headSeq: 0, firstRetainedSeq: 1, events: [] };
      this.#campaigns.set(campaignId, campaign);
    }
    return campaign;
  }

  append(campaignId: string, events: readonly [NewPartyEvent, ...NewPartyEvent[]]): Promise<PartyAppendResult> {
    const campaign = this.#campaign(campaignId);
    const first = events[0];
    const existing = this.#find(campaign, first.actorId, first.eventId, events.length);
    if (existing !== undefined) return Promise.resolve({ duplicate: true, events: existing });
    const stored = events.map((event): StoredPartyEvent => {
      campaign.headSeq += 1;
      return { ...event, seq: campaign.headSeq, envelope: { ...event.envelope, seq: campaign.headSeq }, createdAt: new Date(event.createdAt) };
    });
    campaign.events.push(...stored);
    this.#dropThrough(campaign, countCutoff(campaign.headSeq, campaign.firstRetainedSeq, this.#retention.maxEvents, this.#pruneBatch));
    return Promise.resolve({ duplicate: false, events: stored });
  }

  find(campaignId: string, actorId: string, eventId: string, count: number): Promise<StoredPartyEvent[] | undefined> {
    return Promise.resolve(this.#find(this.#campaign(campaignId), actorId, eventId, count));
  }

  readSince(campaignId: string, afterSeq: number, limit: number): Promise<PartyPage> {
    const campaign = this.#campaign(campaignId);
    return Promise.resolve({
      events: campaign.events.filter((event) => event.seq > afterSeq).slice(0, limit),
      headSeq: campaign.headSeq,
      firstRetainedSeq: campaign.firstRetainedSeq,
    });
  }

  prune(now: Date): Promise<number> {
    const cutoff = now.getTime() - this.#retention.maxAgeMs;
    let removed = 0;
    for (const campaign of this.#campaigns.values()) {
      const expired = campaign.events.filter((event) => event.createdAt.getTime() < cutoff).map((event) => event.seq);
      const byAge = Math.max(0, ...expired);
      const byCount = countCutoff(campaign.headSeq, campaign.firstRetainedSeq, this.#retention.maxEvents, 1);
      removed += this.#dropThrough(campaign, Math.max(byAge, byCount));
    }
    return Promise.resolve(removed);
  }

  /** Drops every event with seq ≤ `upTo` (a prefix); returns how many. */
  #dropThrough(campaign: MemoryCampaign, upTo: number): number {
    if (upTo < campaign.firstRetainedSeq) return 0;
    const before = campaign.events.length;
    campaign.events = campaign.events.filter((event) => event.seq > upTo);
    campaign.firstRetainedSeq = upTo + 1;
    return before - campaign.events.length;
  }

  #find(campaign: MemoryCampaign, actorId: string, eventId: string, count: number): StoredPartyEvent[] | undefined {
    const key = keyOf(actorId, eventId);
    const first = campaign.events.find((event) => keyOf(event.actorId, event.eventId) === key);
    if (first === undefined) return undefined;
    return campaign.events.filter((event) => event.seq >= first.seq && event.seq < first.seq + count && event.actorId === actorId);
  }
}
