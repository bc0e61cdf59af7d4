import { randomUUID } from 'node:crypto';
import type { PartyDiceRequestedV1Data, PartyRejectionCode, ValidationIssue } from '@rpg-bot/contracts';
import type { MembershipChange } from '../campaigns';
import type { CampaignRole } from '@rpg-bot/contracts';
import { parseDice, rollDice } from './dice';
import type { RandomInt } from './dice';
import { hasUnstorableText, isJsonObject, MAX_ENVELOPE_BYTES } from './envelope-checks';
import { partyEventType, partyTypes } from './event-types';
import type { PartyMetrics } from './party-metrics';
import type { Envelope, NewPartyEvent, PartyLog, PartyPage, StoredPartyEvent } from './types';

/** Who publishes: the session's user and their current role in the campaign. */
export interface PartyActor {
  readonly userId: string;
  readonly name: string;
  readonly role: CampaignRole;
}

export type PublishOutcome =
  | { readonly ok: true; readonly id: string; readonly seq: number; readonly duplicate: boolean; readonly events: Envelope[] }
  | {
      readonly ok: false;
      readonly id: string | null;
      readonly code: PartyRejectionCode;
      readonly message: string;
      /** For `invalid_event`, `unknown_event_type`, `invalid_dice_expression`: where the problem is. */
      readonly issues?: ValidationIssue[];
    };

export interface PartyServiceOptions {
  readonly log: PartyLog;
  readonly metrics: PartyMetrics;
  readonly now: () => number;
  /** `crypto.randomInt` in production ({@link cryptoRandom}); seeded in tests. */
  readonly randomInt: RandomInt;
  /** Called after every commit that stored something (local fan-out and the cross-process announcement). */
  readonly onAppended: (campaignId: string, events: readonly StoredPartyEvent[]) => void;
}

type Rejection = Extract<PublishOutcome, { ok: false }>;

const reject = (id: string | null, code: PartyRejectionCode, message: string, issues?: ValidationIssue[]): Rejection => ({
  ok: false,
  id,
  code,
  message,
  ...(issues === undefined ? {} : { issues }),
});

/** Attributes only the relay sets: a client's values are dropped before stamping. */
const RELAY_STAMPED = new Set(['source', 'time', 'seq', 'actorid', 'actorname']);

/**
 * The transport-agnostic core of party events: checks and stamps a member's event, rolls dice,
 * commits through the `PartyLog`, and emits the relay's own events. The HTTP route and the
 * WebSocket both publish through it, so they refuse and accept exactly the same events.
 */
export class PartyService {
  readonly #options: PartyServiceOptions;

  constructor(options: PartyServiceOptions) {
    this.#options = options;
  }

  /** Retained events after `since` (see `PartyLog.readSince`). */
  read(campaignId: string, since: number, limit: number): Promise<PartyPage> {
    return this.#options.log.readSince(campaignId, since, limit);
  }

  /** Publishes one client event as `actor` (whose role the caller looked up just now). Never throws for bad input. */
  async publish(campaignId: string, actor: PartyActor, input: unknown): Promise<PublishOutcome> {
    const started = this.#options.now();
    const outcome = await this.#publish(campaignId, actor, input, started);
    if (outcome.ok) this.#options.metrics.commitSeconds.observe(Math.max(0, this.#options.now() - started) / 1000);
    else this.#options.metrics.rejected.inc({ reason: outcome.code });
    return outcome;
  }

  async #publish(campaignId: string, actor: PartyActor, input: unknown, started: number): Promise<PublishOutcome> {
    if (!isJsonObject(input)) return reject(null, 'invalid_event', 'An event is a JSON object (a CloudEvents 1.0 envelope).');
    const id = typeof input.id === 'string' && input.id !== '' ? input.id : null;
    if (actor.role === 'viewer') return reject(id, 'read_only', 'Viewers may read the party stream but not publish.');
    if (typeof input.type !== 'string') {
      return reject(id, 'invalid_event', 'The event has no type.', [{ path: '/type', message: 'is required' }]);
    }
    const kind = partyEventType(input.type);
    if (kind === undefined) {
      return reject(id, 'unknown_event_type', `Unknown event type ${JSON.stringify(input.type.slice(0, 100))}.`, [
        { path: '/type', message: 'is not a party event type' },
      ]);
    }
    if (!kind.publishers.includes(actor.role)) {
      const why = kind.publishers.length === 0 ? 'Only the relay emits' : 'Only the GM may publish';
      return reject(id, 'forbidden_event_type', `${why} ${input.type}.`);
    }
    const envelope = this.#stamp(campaignId, actor, input, started);
    const checked = kind.validate(envelope);
    if (!checked.ok) return reject(id, 'invalid_event', 'The event does not match its schema.', checked.issues);
    if (id === null) return reject(null, 'invalid_event', 'The event has no id.', [{ path: '/id', message: 'is required' }]);
    if (hasUnstorableText(envelope)) return reject(id, 'invalid_event', 'The event contains NUL characters or unpaired surrogates.');
    if (Buffer.byteLength(JSON.stringify(envelope)) > MAX_ENVELOPE_BYTES) {
      return reject(id, 'invalid_event', `The event is larger than ${String(MAX_ENVELOPE_BYTES)} bytes.`);
    }
    const event: NewPartyEvent = { eventId: id, actorId: actor.userId, type: input.type, envelope, createdAt: new Date(started) };
    if (input.type === partyTypes.diceRequested) return this.#roll(campaignId, actor, event, envelope);
    return this.#commit(campaignId, [event]);
  }

  async #roll(campaignId: string, actor: PartyActor, request: NewPartyEvent, envelope: Envelope): Promise<PublishOutcome> {
    // Validated against the dice-requested schema just before.
    const data = envelope.data as PartyDiceRequestedV1Data;
    const mode = data.mode ?? 'normal';
    const parsed = parseDice(data.expression, mode);
    if (!parsed.ok) {
      return reject(request.eventId, 'invalid_dice_expression', parsed.message, [{ path: '/data/expression', message: parsed.message }]);
    }
    // A re-sent request is answered from storage: its dice are never rolled again.
    const known = await this.#options.log.find(campaignId, actor.userId, request.eventId, 2);
    if (known !== undefined) return accepted(request.eventId, true, known);
    const roll = rollDice(parsed.dice, this.#options.randomInt);
    const result = this.#relayEvent(campaignId, actor.userId, actor.name, partyTypes.diceRolled, request.createdAt, {
      requestId: request.eventId,
      expression: data.expression,
      mode,
      ...(data.label === undefined ? {} : { label: data.label }),
      ...roll,
    });
    return this.#commit(campaignId, [request, result]);
  }

  /** Emits member-joined / member-left for a committed membership change. */
  async membershipChanged(change: MembershipChange): Promise<void> {
    const at = new Date(this.#options.now());
    const event =
      change.change === 'joined'
        ? this.#relayEvent(change.campaignId, change.userId, change.name, partyTypes.memberJoined, at, {
            userId: change.userId,
            name: change.name,
            role: change.role,
          })
        : this.#relayEvent(change.campaignId, change.userId, change.name, partyTypes.memberLeft, at, {
            userId: change.userId,
            name: change.name,
            reason: 'removed',
          });
    await this.#commit(change.campaignId, [event]);
  }

  async #commit(campaignId: string, events: readonly [NewPartyEvent, ...NewPartyEvent[]]): Promise<PublishOutcome> {
    const result = await this.#options.log.append(campaignId, events);
    if (!result.duplicate) {
      for (const event of result.events) this.#options.metrics.appended.inc({ type: event.type });
      this.#options.onAppended(campaignId, result.events);
    }
    return accepted(events[0].eventId, result.duplicate, result.events);
  }

  /** The envelope as stored: the client's attributes without relay-stamped ones, then the relay's stamps. */
  #stamp(campaignId: string, actor: PartyActor, input: Record<string, unknown>, at: number): Envelope {
    const own = Object.fromEntries(Object.entries(input).filter(([key]) => !RELAY_STAMPED.has(key)));
    return { ...own, source: sourceOf(campaignId), time: new Date(at).toISOString(), actorid: actor.userId, actorname: actor.name };
  }

  /** An event only the relay emits, checked against its schema (a failure is a bug here, not bad input). */
  #relayEvent(campaignId: string, actorId: string, actorName: string, type: string, at: Date, data: Record<string, unknown>): NewPartyEvent {
    const id = randomUUID();
    const envelope: Envelope = {
      specversion: '1.0',
      id,
      source: sourceOf(campaignId),
      type,
      time: at.toISOString(),
      datacontenttype: 'application/json',
      actorid: actorId,
      actorname: actorName,
      data,
    };
    const checked = partyEventType(type)?.validate(envelope);
    if (checked?.ok !== true) throw new Error(`relay-emitted ${type} breaks its schema: ${JSON.stringify(checked?.issues)}`);
    return { eventId: id, actorId, type, envelope, createdAt: at };
  }
}

const sourceOf = (campaignId: string): string => `/campaigns/${campaignId}`;

function accepted(id: string, duplicate: boolean, events: readonly StoredPartyEvent[]): PublishOutcome {
  const first = events[0];
  if (first === undefined) throw new Error(`party event ${id} has no stored row`);
  return { ok: true, id, seq: first.seq, duplicate, events: events.map((event) => event.envelope) };
}
