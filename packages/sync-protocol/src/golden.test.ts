import { describe, expect, it } from 'vitest';
import { encodeAck, encodeHello, encodeLimits, encodeRejected, encodeUpdateFragment, encodeUpdateWithRef, encodeWelcome } from './encode-extension';
import { encodeAwareness, encodePermissionDenied, encodeQueryAwareness, encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate } from './encode-yjs';
import { messageType, syncType } from './message-types';
import { PROTOCOL_VERSION } from './version';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
/** The empty Yjs update: no structs, empty delete set. */
const emptyUpdate = Uint8Array.of(0, 0);

/**
 * The byte layouts of SPEC.md, pinned: a change here is a wire change and needs a
 * PROTOCOL_VERSION bump and a new line in its history (SYNC-VERSION-1).
 */
describe('SYNC-VERSION-1: golden frames', () => {
  it('SYNC-VERSION-1 message type numbers', () => {
    expect(messageType).toEqual({ sync: 0, awareness: 1, auth: 2, queryAwareness: 3, hello: 100, welcome: 101, updateWithRef: 102, ack: 103, rejected: 104, updateFragment: 105, limits: 106 });
    expect(syncType).toEqual({ step1: 0, step2: 1, update: 2 });
    expect(PROTOCOL_VERSION).toBe(2);
  });

  it('SYNC-VERSION-1 y-protocols frames', () => {
    expect(hex(encodeSyncStep1(Uint8Array.of(0)))).toBe('000001' + '00');
    expect(hex(encodeSyncStep2(emptyUpdate))).toBe('000102' + '0000');
    expect(hex(encodeSyncUpdate(emptyUpdate))).toBe('000202' + '0000');
    expect(hex(encodeAwareness(Uint8Array.of(0)))).toBe('0101' + '00');
    expect(hex(encodeQueryAwareness())).toBe('03');
    expect(hex(encodePermissionDenied('no'))).toBe('0200' + '026e6f');
  });

  it('SYNC-VERSION-1 extension frames', () => {
    expect(hex(encodeHello({ version: 1, capabilities: ['ack/1'] }))).toBe('64' + '01' + '01' + '0561636b2f31');
    expect(hex(encodeWelcome({ version: 1, capabilities: [] }))).toBe('65' + '01' + '00');
    expect(hex(encodeUpdateWithRef(300, emptyUpdate))).toBe('66' + 'ac02' + '02' + '0000');
    expect(hex(encodeAck(7, 1000))).toBe('67' + '07' + 'e807');
    expect(hex(encodeRejected({ ref: 7, code: 'read_only', reason: '' }))).toBe('68' + '01' + '07' + '09726561645f6f6e6c79' + '00');
    expect(hex(encodeRejected({ code: 'read_only', reason: 'x' }))).toBe('68' + '00' + '09726561645f6f6e6c79' + '0178');
    expect(hex(encodeUpdateFragment({ ref: 3, totalBytes: 300, offset: 2, chunk: Uint8Array.of(9, 8) }))).toBe('69' + '03' + 'ac02' + '02' + '02' + '0908');
    expect(hex(encodeLimits({ maxFrameBytes: 1_048_576, maxDocBytes: 16_777_216 }))).toBe('6a' + '808040' + '80808008');
  });
});
