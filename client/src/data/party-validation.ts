import { validators } from '@rpg-bot/contracts';
import type { CloudEvent, PartyServerFrame, ValidationIssue, Validator } from '@rpg-bot/contracts';
import type { PartyEvent } from './types';

/** The party event types (protocol: dev.rpgbot.party.*.v1). */
export const partyEventTypes = {
  chatMessage: 'dev.rpgbot.party.chat-message.v1',
  diceRequested: 'dev.rpgbot.party.dice-requested.v1',
  diceRolled: 'dev.rpgbot.party.dice-rolled.v1',
  memberJoined: 'dev.rpgbot.party.member-joined.v1',
  memberLeft: 'dev.rpgbot.party.member-left.v1',
  gmNotice: 'dev.rpgbot.party.gm-notice.v1',
  mediaShared: 'dev.rpgbot.party.media-shared.v1',
} as const;

/** Types a client may publish; the others only the relay emits. */
const publishable: ReadonlyMap<string, Validator<CloudEvent>> = new Map<string, Validator<CloudEvent>>([
  [partyEventTypes.chatMessage, validators.partyChatMessageV1],
  [partyEventTypes.diceRequested, validators.partyDiceRequestedV1],
  [partyEventTypes.gmNotice, validators.partyGmNoticeV1],
  [partyEventTypes.mediaShared, validators.partyMediaSharedV1],
]);

/** `publish` was called with an event the relay would refuse; nothing was stored or sent. */
export class InvalidPartyEvent extends Error {
  override readonly name = 'InvalidPartyEvent';
  readonly issues: readonly ValidationIssue[];

  constructor(message: string, issues: readonly ValidationIssue[]) {
    super(message);
    this.issues = issues;
  }
}

/** Checks an envelope this device is about to publish against its type's schema; throws when invalid. */
export function checkOutgoing(event: CloudEvent): void {
  const validate = publishable.get(event.type);
  if (validate === undefined) throw new InvalidPartyEvent(`clients cannot publish ${event.type}`, []);
  const result = validate(event);
  if (!result.ok) throw new InvalidPartyEvent(`invalid ${event.type} event`, result.issues);
}

/** What an incoming text frame turned out to be. */
export type IncomingFrame =
  | { readonly kind: 'event'; readonly event: PartyEvent & { readonly seq: number } }
  | { readonly kind: 'invalid-event' }
  | { readonly kind: 'control'; readonly frame: Exclude<PartyServerFrame, { type: 'event' }> }
  | { readonly kind: 'unreadable' };

/**
 * Parses and validates one frame from the relay: an `event` frame's envelope against the stamped
 * party event schema (invalid ones are dropped and counted by the caller, never shown), every other
 * frame against the server frame schema.
 */
export function readFrame(data: unknown): IncomingFrame {
  if (typeof data !== 'string') return { kind: 'unreadable' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return { kind: 'unreadable' };
  }
  if (typeof parsed === 'object' && parsed !== null && 'type' in parsed && parsed.type === 'event') {
    const envelope = 'event' in parsed ? parsed.event : undefined;
    const checked = validators.partyEvent(envelope);
    return checked.ok ? { kind: 'event', event: checked.value } : { kind: 'invalid-event' };
  }
  const frame = validators.partyServerFrame(parsed);
  if (!frame.ok || frame.value.type === 'event') return { kind: 'unreadable' };
  return { kind: 'control', frame: frame.value };
}
