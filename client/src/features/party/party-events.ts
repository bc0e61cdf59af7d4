/**
 * Turns party events (CloudEvents, see /contracts/events) into what the feed shows. Envelopes were
 * validated by the data layer; the payloads are still read defensively, and unknown types are
 * skipped, so a newer client's event never breaks an older feed.
 */

import { partyEventTypes } from '../../data';
import type { MediaRef } from '../shared/media-attachments';
import { readMediaRef } from '../shared/media-attachments';

export { partyEventTypes };

export type DiceMode = 'normal' | 'advantage' | 'disadvantage';

/** The fields of a feed event this screen reads (the data layer's `PartyEvent` has them). */
export interface FeedEventLike {
  readonly id: string;
  readonly type: string;
  readonly time?: string | null | undefined;
  readonly data?: unknown;
  readonly seq?: unknown;
  readonly actorid?: unknown;
  readonly actorname?: unknown;
  readonly pending?: boolean | undefined;
  /** The relay refused it for good with this code. */
  readonly failed?: string | undefined;
}

interface ItemBase {
  readonly id: string;
  readonly seq: number | null;
  readonly time: string | null;
  readonly actorId: string | null;
  readonly actorName: string | null;
  /** Composed on this device and not yet stored by the relay. */
  readonly pending: boolean;
  /** Why the relay refused it for good (a protocol `rejected` code), or `null`. */
  readonly failed: string | null;
}

export interface DieGroup {
  readonly sides: number;
  /** Each die rolled, in order, with whether it counts toward the total. */
  readonly dice: readonly { readonly value: number; readonly kept: boolean }[];
}

export type FeedItem =
  | (ItemBase & { readonly kind: 'chat'; readonly text: string })
  | (ItemBase & { readonly kind: 'notice'; readonly text: string })
  | (ItemBase & { readonly kind: 'rolling'; readonly expression: string; readonly mode: DiceMode; readonly label: string | null })
  | (ItemBase & {
      readonly kind: 'roll';
      readonly expression: string;
      readonly mode: DiceMode;
      readonly label: string | null;
      readonly groups: readonly DieGroup[];
      readonly modifier: number;
      readonly total: number;
    })
  | (ItemBase & { readonly kind: 'joined'; readonly name: string; readonly role: string })
  | (ItemBase & { readonly kind: 'left'; readonly name: string; readonly reason: 'removed' | 'left' })
  | (ItemBase & { readonly kind: 'media'; readonly media: 'portrait' | 'image' | 'narration'; readonly ref: MediaRef });

type Data = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Data {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(data: Data, key: string): string | null {
  const value = data[key];
  return typeof value === 'string' ? value : null;
}

function integer(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

function modeOf(value: unknown): DiceMode {
  return value === 'advantage' || value === 'disadvantage' ? value : 'normal';
}

function integers(value: unknown): number[] | null {
  if (!Array.isArray(value)) return null;
  const list: number[] = [];
  for (const entry of value) {
    const n = integer(entry);
    if (n === null) return null;
    list.push(n);
  }
  return list;
}

/**
 * Marks which of `results` are kept. `kept` lists kept values (e.g. 4d6kh3: results [2,5,3,6],
 * kept [5,3,6]); each kept value claims one equal result, the rest are dropped.
 */
export function markKept(results: readonly number[], kept: readonly number[]): DieGroup['dice'] {
  const remaining = new Map<number, number>();
  for (const value of kept) remaining.set(value, (remaining.get(value) ?? 0) + 1);
  return results.map((value) => {
    const left = remaining.get(value) ?? 0;
    if (left > 0) remaining.set(value, left - 1);
    return { value, kept: left > 0 };
  });
}

function dieGroups(value: unknown): DieGroup[] | null {
  if (!Array.isArray(value)) return null;
  const groups: DieGroup[] = [];
  for (const entry of value) {
    if (!isRecord(entry)) return null;
    const sides = integer(entry.sides);
    const results = integers(entry.results);
    const kept = integers(entry.kept) ?? results;
    if (sides === null || results === null || kept === null) return null;
    groups.push({ sides, dice: markKept(results, kept) });
  }
  return groups;
}

function baseOf(event: FeedEventLike): ItemBase {
  return {
    id: event.id,
    seq: integer(event.seq),
    time: typeof event.time === 'string' ? event.time : null,
    actorId: typeof event.actorid === 'string' ? event.actorid : null,
    actorName: typeof event.actorname === 'string' ? event.actorname : null,
    pending: event.pending === true && event.failed === undefined,
    failed: event.failed ?? null,
  };
}

/** One feed item, or `null` for events the feed does not show. */
export function toFeedItem(event: FeedEventLike): FeedItem | null {
  const data = event.data;
  if (!isRecord(data)) return null;
  const base = baseOf(event);
  switch (event.type) {
    case partyEventTypes.chatMessage: {
      const message = text(data, 'text');
      return message === null ? null : { ...base, kind: 'chat', text: message };
    }
    case partyEventTypes.gmNotice: {
      const message = text(data, 'text');
      return message === null ? null : { ...base, kind: 'notice', text: message };
    }
    case partyEventTypes.diceRequested: {
      const expression = text(data, 'expression');
      return expression === null ? null : { ...base, kind: 'rolling', expression, mode: modeOf(data.mode), label: text(data, 'label') };
    }
    case partyEventTypes.diceRolled: {
      const expression = text(data, 'expression');
      const groups = dieGroups(data.dice);
      const modifier = integer(data.modifier) ?? 0;
      const total = integer(data.total);
      if (expression === null || groups === null || total === null) return null;
      return { ...base, kind: 'roll', expression, mode: modeOf(data.mode), label: text(data, 'label'), groups, modifier, total };
    }
    case partyEventTypes.memberJoined: {
      const name = text(data, 'name');
      return name === null ? null : { ...base, kind: 'joined', name, role: text(data, 'role') ?? '' };
    }
    case partyEventTypes.memberLeft: {
      const name = text(data, 'name');
      return name === null ? null : { ...base, kind: 'left', name, reason: data.reason === 'removed' ? 'removed' : 'left' };
    }
    case partyEventTypes.mediaShared: {
      const ref = readMediaRef({ ...data, label: data.title });
      const media = data.kind === 'portrait' || data.kind === 'image' || data.kind === 'narration' ? data.kind : null;
      return ref === null || media === null || ref.label === '' ? null : { ...base, kind: 'media', media, ref };
    }
    default:
      return null;
  }
}

/**
 * The feed in order. A dice request is shown only until its roll arrives (the roll carries the
 * request id), so a settled roll appears once, with its result.
 */
export function feedItems(events: readonly FeedEventLike[]): FeedItem[] {
  const rolled = new Set<string>();
  for (const event of events) {
    if (event.type === partyEventTypes.diceRolled && isRecord(event.data)) {
      const requestId = text(event.data, 'requestId');
      if (requestId !== null) rolled.add(requestId);
    }
  }
  const items: FeedItem[] = [];
  for (const event of events) {
    const item = toFeedItem(event);
    if (item === null) continue;
    if (item.kind === 'rolling' && rolled.has(item.id)) continue;
    items.push(item);
  }
  return items;
}

/** Who a user id is called, learned from the events themselves (the relay stamps `actorname`). */
export function actorNames(events: readonly FeedEventLike[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const event of events) {
    if (typeof event.actorid === 'string' && typeof event.actorname === 'string') names.set(event.actorid, event.actorname);
    if (event.type === partyEventTypes.memberJoined && isRecord(event.data)) {
      const userId = text(event.data, 'userId');
      const name = text(event.data, 'name');
      if (userId !== null && name !== null) names.set(userId, name);
    }
  }
  return names;
}
