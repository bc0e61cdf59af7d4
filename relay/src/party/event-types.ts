import { validators } from '@rpg-bot/contracts';
import type { Validator } from '@rpg-bot/contracts';
import type { CampaignRole } from '@rpg-bot/contracts';

/** The `type` of every party event. */
export const partyTypes = Object.freeze({
  chatMessage: 'dev.rpgbot.party.chat-message.v1',
  gmNotice: 'dev.rpgbot.party.gm-notice.v1',
  diceRequested: 'dev.rpgbot.party.dice-requested.v1',
  diceRolled: 'dev.rpgbot.party.dice-rolled.v1',
  memberJoined: 'dev.rpgbot.party.member-joined.v1',
  memberLeft: 'dev.rpgbot.party.member-left.v1',
  mediaShared: 'dev.rpgbot.party.media-shared.v1',
});

interface PartyEventType {
  readonly validate: Validator<unknown>;
  /** Roles that may publish it; empty = only the relay emits it. */
  readonly publishers: readonly CampaignRole[];
}

const byType: ReadonlyMap<string, PartyEventType> = new Map<string, PartyEventType>([
  [partyTypes.chatMessage, { validate: validators.partyChatMessageV1, publishers: ['gm', 'player'] }],
  [partyTypes.gmNotice, { validate: validators.partyGmNoticeV1, publishers: ['gm'] }],
  [partyTypes.diceRequested, { validate: validators.partyDiceRequestedV1, publishers: ['gm', 'player'] }],
  [partyTypes.diceRolled, { validate: validators.partyDiceRolledV1, publishers: [] }],
  [partyTypes.memberJoined, { validate: validators.partyMemberJoinedV1, publishers: [] }],
  [partyTypes.memberLeft, { validate: validators.partyMemberLeftV1, publishers: [] }],
  [partyTypes.mediaShared, { validate: validators.partyMediaSharedV1, publishers: ['gm', 'player'] }],
]);

/** The type's schema and publishers, or undefined for a type this relay does not know. */
export function partyEventType(type: string): PartyEventType | undefined {
  return byType.get(type);
}
