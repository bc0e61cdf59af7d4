import { describe, expect, it } from 'vitest';
import type { FeedEventLike } from './party-events';
import { actorNames, feedItems, markKept, partyEventTypes, toFeedItem } from './party-events';

const base = { specversion: '1.0', source: '/campaigns/c1', time: '2026-01-01T10:00:00.000Z' };

function event(seq: number, type: string, data: unknown, extra: Partial<FeedEventLike> = {}): FeedEventLike {
  return { ...base, id: `e${String(seq)}`, seq, type, data, actorid: 'u1', actorname: 'Alice', ...extra };
}

describe('markKept', () => {
  it('marks dropped dice of a keep-highest roll', () => {
    expect(markKept([2, 5, 3, 6], [5, 3, 6])).toEqual([
      { value: 2, kept: false },
      { value: 5, kept: true },
      { value: 3, kept: true },
      { value: 6, kept: true },
    ]);
  });

  it('handles equal values one by one', () => {
    expect(markKept([4, 4], [4]).map((d) => d.kept)).toEqual([true, false]);
  });
});

describe('toFeedItem', () => {
  it('reads chat, notices and membership', () => {
    expect(toFeedItem(event(1, partyEventTypes.chatMessage, { text: 'Hi' }))).toMatchObject({
      kind: 'chat',
      text: 'Hi',
      seq: 1,
      actorName: 'Alice',
      pending: false,
    });
    expect(toFeedItem(event(2, partyEventTypes.gmNotice, { text: 'Session at 7' }))).toMatchObject({ kind: 'notice' });
    expect(toFeedItem(event(3, partyEventTypes.memberJoined, { userId: 'u2', name: 'Bob', role: 'player' }))).toMatchObject({
      kind: 'joined',
      name: 'Bob',
      role: 'player',
    });
    expect(toFeedItem(event(4, partyEventTypes.memberLeft, { userId: 'u2', name: 'Bob', reason: 'removed' }))).toMatchObject({
      kind: 'left',
      reason: 'removed',
    });
  });

  it('reads a roll with every die and the kept ones', () => {
    const item = toFeedItem(
      event(5, partyEventTypes.diceRolled, {
        requestId: 'r1',
        expression: '4d6kh3+1',
        mode: 'normal',
        dice: [{ sides: 6, results: [1, 6, 4, 4], kept: [6, 4, 4] }],
        modifier: 1,
        total: 15,
      }),
    );
    expect(item).toMatchObject({ kind: 'roll', expression: '4d6kh3+1', modifier: 1, total: 15, mode: 'normal' });
    expect(item?.kind === 'roll' ? item.groups[0]?.dice.map((d) => d.kept) : null).toEqual([false, true, true, true]);
  });

  it('skips unknown types and malformed payloads', () => {
    expect(toFeedItem(event(6, 'dev.rpgbot.party.something-new.v1', { text: 'x' }))).toBeNull();
    expect(toFeedItem(event(7, partyEventTypes.chatMessage, { text: 42 }))).toBeNull();
    expect(toFeedItem(event(8, partyEventTypes.diceRolled, { expression: '1d6', dice: 'six', total: 3 }))).toBeNull();
    expect(toFeedItem(event(9, partyEventTypes.chatMessage, null))).toBeNull();
  });

  it('marks items the relay refused for good', () => {
    expect(toFeedItem({ id: 'y', type: partyEventTypes.chatMessage, data: { text: 'spam' }, failed: 'rate_limited' })).toMatchObject({
      pending: false,
      failed: 'rate_limited',
    });
  });

  it('marks outbox items as pending', () => {
    expect(toFeedItem({ id: 'x', type: partyEventTypes.chatMessage, data: { text: 'later' }, pending: true })).toMatchObject({
      pending: true,
      seq: null,
      actorName: null,
    });
  });
});

describe('feedItems', () => {
  it('shows a dice request only until its roll arrives', () => {
    const request = event(10, partyEventTypes.diceRequested, { expression: '1d20', mode: 'advantage' });
    expect(feedItems([request]).map((i) => i.kind)).toEqual(['rolling']);
    const roll = event(11, partyEventTypes.diceRolled, {
      requestId: 'e10',
      expression: '1d20',
      mode: 'advantage',
      dice: [{ sides: 20, results: [3, 17], kept: [17] }],
      modifier: 0,
      total: 17,
    });
    expect(feedItems([request, roll]).map((i) => i.kind)).toEqual(['roll']);
  });
});

describe('actorNames', () => {
  it('learns names from actors and joins', () => {
    const names = actorNames([
      event(1, partyEventTypes.chatMessage, { text: 'a' }),
      event(2, partyEventTypes.memberJoined, { userId: 'u3', name: 'Cleo', role: 'viewer' }, { actorid: 'u3', actorname: 'Cleo' }),
    ]);
    expect(Object.fromEntries(names)).toEqual({ u1: 'Alice', u3: 'Cleo' });
  });
});
