import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { decodeClientMessage } from './decode-client-message';
import { decodeServerMessage } from './decode-server-message';
import { encodeAck, encodeHello, encodeRejected, encodeUpdateWithRef } from './encode-extension';
import { encodeAwareness, encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate } from './encode-yjs';
import type { ProtocolErrorCode } from './protocol-error';
import { closeCodeForError } from './protocol-error';
import { closeCodes } from './close-codes';

const limits = { maxFrameBytes: 4096 };

const doc = new Y.Doc();
doc.getText('t').insert(0, 'Hello, tavern');
const update = Y.encodeStateAsUpdate(doc);

const clientError = (frame: Uint8Array, max = limits.maxFrameBytes): { code: ProtocolErrorCode; messageType?: number } => {
  const result = decodeClientMessage(frame, { maxFrameBytes: max });
  if (result.ok) throw new Error(`expected an error, got ${result.message.type}`);
  return result.error.messageType === undefined ? { code: result.error.code } : { code: result.error.code, messageType: result.error.messageType };
};
const serverErrorCode = (frame: Uint8Array): ProtocolErrorCode => {
  const result = decodeServerMessage(frame, limits);
  if (result.ok) throw new Error(`expected an error, got ${result.message.type}`);
  return result.error.code;
};

describe('SYNC-FRAME: framing errors are typed, never thrown', () => {
  it('SYNC-FRAME-1 an empty frame is malformed', () => {
    expect(clientError(new Uint8Array())).toEqual({ code: 'malformed_frame' });
  });

  it('SYNC-FRAME-1 a truncated varint and a truncated payload are malformed', () => {
    expect(clientError(Uint8Array.of(0x80))).toEqual({ code: 'malformed_frame' });
    const frame = encodeSyncUpdate(update);
    expect(clientError(frame.subarray(0, frame.length - 1))).toEqual({ code: 'malformed_frame', messageType: 0 });
  });

  it('SYNC-FRAME-1 a varint beyond 2^53-1 is malformed', () => {
    const overlong = Uint8Array.of(102, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0);
    expect(clientError(overlong).code).toBe('malformed_frame');
  });

  it('SYNC-FRAME-2 trailing bytes after a message are malformed', () => {
    expect(clientError(Uint8Array.of(...encodeSyncUpdate(update), 0))).toEqual({ code: 'malformed_frame', messageType: 0 });
    expect(clientError(Uint8Array.of(3, 0))).toEqual({ code: 'malformed_frame', messageType: 3 });
    expect(serverErrorCode(Uint8Array.of(...encodeAck(1, 2), 9))).toBe('malformed_frame');
  });

  it('SYNC-FRAME-3 unknown message and sync types', () => {
    expect(clientError(Uint8Array.of(4))).toEqual({ code: 'unknown_message_type', messageType: 4 });
    expect(clientError(Uint8Array.of(99))).toEqual({ code: 'unknown_message_type', messageType: 99 });
    expect(clientError(Uint8Array.of(0, 3, 0))).toEqual({ code: 'unknown_message_type', messageType: 0 });
    expect(serverErrorCode(Uint8Array.of(2, 1, 0))).toBe('unknown_message_type');
  });

  it('SYNC-FRAME-3 messages sent in the wrong direction are unexpected', () => {
    expect(clientError(encodeAck(1, 1)).code).toBe('unexpected_message_type');
    expect(clientError(encodeRejected({ code: 'read_only', reason: '' })).code).toBe('unexpected_message_type');
    expect(clientError(Uint8Array.of(2, 0, 0)).code).toBe('unexpected_message_type');
    expect(serverErrorCode(encodeHello({ version: 1, capabilities: [] }))).toBe('unexpected_message_type');
    expect(serverErrorCode(encodeUpdateWithRef(1, update))).toBe('unexpected_message_type');
  });
});

describe('SYNC-LIMIT: size limits', () => {
  it('SYNC-LIMIT-1 an oversize frame is rejected before decoding', () => {
    // Garbage that would be malformed proves the size check runs first.
    const garbage = new Uint8Array(4097).fill(0xff);
    expect(clientError(garbage)).toEqual({ code: 'frame_too_large' });
    expect(clientError(encodeSyncUpdate(update), 10)).toEqual({ code: 'frame_too_large' });
    expect(closeCodeForError({ code: 'frame_too_large', message: '' })).toBe(closeCodes.TooLarge);
    const exact = encodeSyncUpdate(update);
    expect(decodeClientMessage(exact, { maxFrameBytes: exact.byteLength }).ok).toBe(true);
  });

  it('SYNC-LIMIT-3 hello capabilities are bounded in number and length', () => {
    const tooMany = Uint8Array.of(100, 1, 17, ...Array.from({ length: 17 }, () => [1, 0x61]).flat());
    expect(clientError(tooMany).code).toBe('malformed_frame');
    const tooLong = Uint8Array.of(100, 1, 1, 65, ...new Uint8Array(65).fill(0x61));
    expect(clientError(tooLong).code).toBe('malformed_frame');
  });
});

describe('SYNC-UPDATE: payloads are checked before they are accepted', () => {
  it('SYNC-UPDATE-1 a payload that is not a Yjs update is invalid_update', () => {
    const notAnUpdate = Uint8Array.of(5, 1, 2, 3);
    expect(clientError(encodeSyncUpdate(notAnUpdate)).code).toBe('invalid_update');
    expect(clientError(encodeSyncStep2(notAnUpdate)).code).toBe('invalid_update');
    expect(clientError(encodeUpdateWithRef(7, notAnUpdate)).code).toBe('invalid_update');
    expect(clientError(encodeSyncUpdate(new Uint8Array())).code).toBe('invalid_update');
    expect(clientError(encodeSyncUpdate(update.subarray(0, update.length - 3))).code).toBe('invalid_update');
    expect(closeCodeForError({ code: 'invalid_update', message: '' })).toBe(closeCodes.BadMessage);
  });

  it('SYNC-UPDATE-1 a v2 update is not a v1 update', () => {
    const v2 = Y.encodeStateAsUpdateV2(doc);
    expect(clientError(encodeSyncUpdate(v2)).code).toBe('invalid_update');
  });

  it('SYNC-UPDATE-1 the empty Yjs update is valid', () => {
    const empty = Y.encodeStateAsUpdate(new Y.Doc());
    expect(decodeClientMessage(encodeSyncUpdate(empty), limits).ok).toBe(true);
  });

  it('SYNC-UPDATE-4 a well-formed update may still fail to apply: the relay must catch Y.applyUpdate', () => {
    // One string item whose parent is the id (1, 116), which does not exist: well-formed bytes,
    // but Yjs cannot integrate the item (found by the seeded fuzz).
    const orphan = Uint8Array.from(Buffer.from('01010100042a017418476f626c696e7320616d627573682074686520706172747900', 'hex'));
    expect(decodeClientMessage(encodeSyncUpdate(orphan), limits).ok).toBe(true);
    expect(() => { Y.applyUpdate(new Y.Doc(), orphan); }).toThrow();
  });

  it('SYNC-UPDATE-2 a state vector must decode exactly', () => {
    expect(clientError(encodeSyncStep1(Uint8Array.of(2, 1, 1))).code).toBe('invalid_state_vector');
    expect(clientError(encodeSyncStep1(Uint8Array.of(0, 0))).code).toBe('invalid_state_vector');
    expect(clientError(encodeSyncStep1(new Uint8Array())).code).toBe('invalid_state_vector');
    expect(decodeClientMessage(encodeSyncStep1(Uint8Array.of(0)), limits).ok).toBe(true);
  });

  it('SYNC-UPDATE-3 the client decoder does not re-check Yjs updates, but still checks framing', () => {
    const result = decodeServerMessage(encodeSyncUpdate(Uint8Array.of(5, 1, 2, 3)), limits);
    expect(result.ok).toBe(true);
    expect(serverErrorCode(encodeSyncStep1(Uint8Array.of(1)))).toBe('invalid_state_vector');
  });

  it('SYNC-AWARENESS-1 an awareness payload must be a y-protocols awareness update', () => {
    expect(clientError(encodeAwareness(Uint8Array.of(1, 1, 1, 3, 0x7b, 0x7b, 0x7b))).code).toBe('invalid_awareness');
    expect(clientError(encodeAwareness(Uint8Array.of(2, 1, 1, 4, 0x6e, 0x75, 0x6c, 0x6c))).code).toBe('invalid_awareness');
    expect(clientError(encodeAwareness(Uint8Array.of(1, 1, 1, 2, 0xc3, 0x28))).code).toBe('invalid_awareness');
    expect(clientError(encodeAwareness(Uint8Array.of(0, 0))).code).toBe('invalid_awareness');
    expect(decodeClientMessage(encodeAwareness(Uint8Array.of(0)), limits).ok).toBe(true);
  });
});

describe('SYNC-REJ: rejection frames', () => {
  it('SYNC-REJ-4 an unknown rejection code or reserved flag bits are malformed', () => {
    const unknownCode = Uint8Array.of(104, 0, 3, 0x66, 0x6f, 0x6f, 0);
    expect(serverErrorCode(unknownCode)).toBe('malformed_frame');
    const reservedFlags = Uint8Array.of(104, 2, 9, ...new TextEncoder().encode('read_only'), 0);
    expect(serverErrorCode(reservedFlags)).toBe('malformed_frame');
    const hugeFlags = Uint8Array.of(104, 0x81, 0x80, 0x80, 0x80, 0x10, 9, ...new TextEncoder().encode('read_only'), 0);
    expect(serverErrorCode(hugeFlags)).toBe('malformed_frame');
  });
});
