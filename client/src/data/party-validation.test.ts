import { describe, expect, it } from 'vitest';
import { checkOutgoing, InvalidPartyEvent, partyEventTypes, readFrame } from './party-validation';

const stamped = {
  specversion: '1.0',
  id: '6f1c1b0e-3b0a-4d7e-9a51-0f6c2d9e8a11',
  source: '/campaigns/c1',
  type: partyEventTypes.chatMessage,
  time: '2026-12-02T18:03:12.345Z',
  datacontenttype: 'application/json',
  data: { text: 'hello party' },
  seq: 7,
  actorid: 'u1',
  actorname: 'Pip',
};

const outgoing = (type: string, data: unknown) => ({
  specversion: '1.0' as const,
  id: 'a8d2f1a4-3b0a-4d7e-9a51-0f6c2d9e8a11',
  source: '/campaigns/c1',
  type,
  time: '2026-12-02T18:03:12.345Z',
  datacontenttype: 'application/json',
  data,
});

describe('readFrame', () => {
  it('accepts a stamped event frame', () => {
    const frame = readFrame(JSON.stringify({ type: 'event', event: stamped }));
    expect(frame).toEqual({ kind: 'event', event: stamped });
  });

  it('flags an event frame whose envelope breaks the schema', () => {
    const { seq: _seq, ...unstamped } = stamped;
    expect(readFrame(JSON.stringify({ type: 'event', event: unstamped })).kind).toBe('invalid-event');
    expect(readFrame(JSON.stringify({ type: 'event', event: { ...stamped, data: { text: '' } } })).kind).toBe('invalid-event');
    expect(readFrame(JSON.stringify({ type: 'event', event: { ...stamped, type: 'dev.rpgbot.party.unknown.v1' } })).kind).toBe('invalid-event');
    expect(readFrame(JSON.stringify({ type: 'event' })).kind).toBe('invalid-event');
  });

  it('reads control frames and refuses anything else', () => {
    expect(readFrame(JSON.stringify({ type: 'ready', headSeq: 3 }))).toEqual({ kind: 'control', frame: { type: 'ready', headSeq: 3 } });
    expect(readFrame(JSON.stringify({ type: 'ack', id: 'x', seq: 1, duplicate: false })).kind).toBe('control');
    expect(readFrame('not json').kind).toBe('unreadable');
    expect(readFrame(new ArrayBuffer(3)).kind).toBe('unreadable');
    expect(readFrame(JSON.stringify({ type: 'ready' })).kind).toBe('unreadable');
  });
});

describe('checkOutgoing', () => {
  it('passes events clients may publish', () => {
    expect(() => {
      checkOutgoing(outgoing(partyEventTypes.chatMessage, { text: 'hi' }));
    }).not.toThrow();
    expect(() => {
      checkOutgoing(outgoing(partyEventTypes.diceRequested, { expression: '2d6+3', mode: 'normal' }));
    }).not.toThrow();
  });

  it('throws InvalidPartyEvent for bad data and relay-only types', () => {
    expect(() => {
      checkOutgoing(outgoing(partyEventTypes.chatMessage, { text: '' }));
    }).toThrow(InvalidPartyEvent);
    expect(() => {
      checkOutgoing(outgoing(partyEventTypes.diceRolled, { requestId: 'x' }));
    }).toThrow(InvalidPartyEvent);
  });
});
