import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { decodeClientMessage } from './decode-client-message';
import { decodeServerMessage } from './decode-server-message';
import { encodeAck, encodeHello, encodeRejected, encodeUpdateWithRef, encodeWelcome } from './encode-extension';
import {
  encodeAwareness,
  encodeAwarenessEntries,
  encodePermissionDenied,
  encodeQueryAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  syncStep2Header,
} from './encode-yjs';
import type { ClientMessage, ServerMessage } from './messages';
import { capabilities, PROTOCOL_VERSION } from './version';

const limits = { maxFrameBytes: 1 << 20 };

const sampleDoc = (): Y.Doc => {
  const doc = new Y.Doc();
  doc.getText('notes').insert(0, 'The party enters the crypt.');
  doc.getMap('hp').set('Aria', 12);
  return doc;
};
const update = Y.encodeStateAsUpdate(sampleDoc());
const stateVector = Y.encodeStateVector(sampleDoc());
const awarenessUpdate = Uint8Array.of(1, 7, 3, ...encodeString('{"user":"Aria"}'));

function encodeString(text: string): number[] {
  const bytes = new TextEncoder().encode(text);
  return [bytes.length, ...bytes];
}

const client = (frame: Uint8Array): ClientMessage => {
  const result = decodeClientMessage(frame, limits);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.message;
};
const server = (frame: Uint8Array): ServerMessage => {
  const result = decodeServerMessage(frame, limits);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.message;
};

describe('SYNC-MSG: every message survives encode → decode', () => {
  it('SYNC-MSG-1 sync step 1 in both directions', () => {
    const expected = { type: 'sync-step1', stateVector };
    expect(client(encodeSyncStep1(stateVector))).toEqual(expected);
    expect(server(encodeSyncStep1(stateVector))).toEqual(expected);
  });

  it('SYNC-MSG-1 sync step 2 and sync update in both directions', () => {
    expect(client(encodeSyncStep2(update))).toEqual({ type: 'sync-step2', update });
    expect(server(encodeSyncStep2(update))).toEqual({ type: 'sync-step2', update });
    expect(client(encodeSyncUpdate(update))).toEqual({ type: 'sync-update', update });
    expect(server(encodeSyncUpdate(update))).toEqual({ type: 'sync-update', update });
  });

  it('SYNC-MSG-1 a sync step 2 header followed by the update is exactly the sync step 2 frame', () => {
    for (const size of [0, 1, 127, 128, 16_384, 300_000]) {
      const update = new Uint8Array(size).fill(7);
      const header = syncStep2Header(size);
      const joined = new Uint8Array(header.length + size);
      joined.set(header);
      joined.set(update, header.length);
      expect(joined).toEqual(encodeSyncStep2(update));
    }
    expect(() => syncStep2Header(-1)).toThrow(RangeError);
  });

  it('SYNC-MSG-2 awareness keeps the raw payload and parses its entries', () => {
    const expected = { type: 'awareness', update: awarenessUpdate, entries: [{ clientId: 7, clock: 3, state: { user: 'Aria' } }] };
    expect(client(encodeAwareness(awarenessUpdate))).toEqual(expected);
    expect(server(encodeAwareness(awarenessUpdate))).toEqual(expected);
  });

  it('SYNC-MSG-2 encodeAwarenessEntries writes the payload the decoder parses, byte for byte as received', () => {
    expect(encodeAwarenessEntries([{ clientId: 7, clock: 3, state: { user: 'Aria' } }])).toEqual(awarenessUpdate);
    const entries = [
      { clientId: 2 ** 31, clock: 300, state: { user: { userId: 'u1', name: 'Zoë' }, cursor: null } },
      { clientId: 9, clock: 4, state: null },
    ];
    expect(client(encodeAwareness(encodeAwarenessEntries(entries)))).toMatchObject({ type: 'awareness', entries });
    expect(() => encodeAwarenessEntries([{ clientId: -1, clock: 0, state: null }])).toThrow(RangeError);
  });

  it('SYNC-MSG-2 query-awareness has no payload', () => {
    expect(encodeQueryAwareness()).toEqual(Uint8Array.of(3));
    expect(client(encodeQueryAwareness())).toEqual({ type: 'query-awareness' });
    expect(server(encodeQueryAwareness())).toEqual({ type: 'query-awareness' });
  });

  it('SYNC-MSG-3 permission denied (server → client)', () => {
    expect(server(encodePermissionDenied('Read-only campaign'))).toEqual({ type: 'permission-denied', reason: 'Read-only campaign' });
  });

  it('SYNC-HELLO-1 hello (client → server), including non-ASCII capability names', () => {
    const hello = { version: PROTOCOL_VERSION, capabilities: [capabilities.ack, 'zukunft/ü'] };
    expect(client(encodeHello(hello))).toEqual({ type: 'hello', ...hello });
  });

  it('SYNC-HELLO-2 welcome (server → client), also with no capabilities', () => {
    expect(server(encodeWelcome({ version: 1, capabilities: ['ack/1'] }))).toEqual({ type: 'welcome', version: 1, capabilities: ['ack/1'] });
    expect(server(encodeWelcome({ version: 1, capabilities: [] }))).toEqual({ type: 'welcome', version: 1, capabilities: [] });
  });

  it('SYNC-ACK-1 update-with-ref (client → server), with large refs', () => {
    for (const ref of [0, 1, 127, 128, 2 ** 32, Number.MAX_SAFE_INTEGER]) {
      expect(client(encodeUpdateWithRef(ref, update))).toEqual({ type: 'update-with-ref', ref, update });
    }
  });

  it('SYNC-ACK-2 ack (server → client) carries ref and seq up to 2^53-1', () => {
    expect(server(encodeAck(5, 9001))).toEqual({ type: 'ack', ref: 5, seq: 9001 });
    expect(server(encodeAck(0, Number.MAX_SAFE_INTEGER))).toEqual({ type: 'ack', ref: 0, seq: Number.MAX_SAFE_INTEGER });
  });

  it('SYNC-REJ-1 rejected with and without ref', () => {
    expect(server(encodeRejected({ ref: 4, code: 'read_only', reason: 'Viewer' }))).toEqual({
      type: 'rejected',
      ref: 4,
      code: 'read_only',
      reason: 'Viewer',
    });
    const withoutRef = server(encodeRejected({ code: 'doc_too_large', reason: 'Limit' }));
    expect(withoutRef).toEqual({ type: 'rejected', code: 'doc_too_large', reason: 'Limit' });
    expect('ref' in withoutRef).toBe(false);
  });

  it('SYNC-FRAME-6 encoders refuse values the decoder would refuse', () => {
    expect(() => encodeAck(-1, 1)).toThrow(RangeError);
    expect(() => encodeAck(1, 1.5)).toThrow(RangeError);
    expect(() => encodeAck(1, 2 ** 53)).toThrow(RangeError);
    expect(() => encodeUpdateWithRef(Number.NaN, update)).toThrow(RangeError);
    expect(() => encodeHello({ version: 1, capabilities: ['x'.repeat(65)] })).toThrow(RangeError);
    expect(() => encodeHello({ version: 1, capabilities: Array.from({ length: 17 }, (_, i) => `c${i}`) })).toThrow(RangeError);
    expect(() => encodeRejected({ code: 'read_only', reason: 'ä'.repeat(513) })).toThrow(RangeError);
  });
});
