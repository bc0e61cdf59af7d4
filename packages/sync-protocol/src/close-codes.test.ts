import { describe, expect, it } from 'vitest';
import { closeCodeInfo, closeCodes, reconnectPolicy } from './close-codes';
import { closeCodeForError } from './protocol-error';
import { isRejectionCode, rejectionCodes } from './rejection-codes';

describe('SYNC-CLOSE: the close-code table', () => {
  const rows = Object.entries(closeCodes);

  it('SYNC-CLOSE-1 codes are unique, in the private range, with reasons that fit a close frame', () => {
    const codes = rows.map(([, info]) => info.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const [name, info] of rows) {
      expect(info.code, name).toBeGreaterThanOrEqual(4000);
      expect(info.code, name).toBeLessThanOrEqual(4999);
      expect(new TextEncoder().encode(info.reason).byteLength, name).toBeLessThanOrEqual(123);
      expect(info.minDelayMs === 0, name).toBe(info.reconnect !== 'backoff');
    }
  });

  it('SYNC-CLOSE-2 permanent codes sit in 44xx, where stock y-websocket clients stop too', () => {
    for (const [name, info] of rows) {
      if (info.reconnect === 'never') expect(Math.floor(info.code / 100), name).toBe(44);
    }
    expect(Math.floor(closeCodes.TryAgain.code / 100)).toBe(45);
    expect(Math.floor(closeCodes.InternalError.code / 100)).toBe(45);
  });

  it('SYNC-CLOSE-3 Unauthorized (4401) asks for re-authentication', () => {
    expect(closeCodes.Unauthorized).toEqual({ code: 4401, reason: 'Unauthorized', reconnect: 'reauthenticate', minDelayMs: 0 });
    expect(reconnectPolicy(4401)).toBe('reauthenticate');
  });

  it('SYNC-CLOSE-4 lookup by number; codes outside the table mean reconnect with backoff', () => {
    expect(closeCodeInfo(4403)).toBe(closeCodes.Forbidden);
    expect(closeCodeInfo(1006)).toBeUndefined();
    expect(reconnectPolicy(1006)).toBe('backoff');
    expect(reconnectPolicy(1000)).toBe('backoff');
    expect(reconnectPolicy(4400)).toBe('never');
    expect(reconnectPolicy(4429)).toBe('backoff');
    expect(reconnectPolicy(4503)).toBe('backoff');
    expect(reconnectPolicy(4507)).toBe('backoff');
  });

  it('SYNC-CLOSE-5 decode failures map to TooLarge or BadMessage', () => {
    expect(closeCodeForError({ code: 'frame_too_large', message: '' }).code).toBe(4413);
    for (const code of ['malformed_frame', 'unknown_message_type', 'unexpected_message_type', 'invalid_update', 'invalid_state_vector', 'invalid_awareness'] as const) {
      expect(closeCodeForError({ code, message: '' }).code).toBe(4400);
    }
  });

  it('SYNC-CLOSE-1 pins the wire values', () => {
    expect(Object.fromEntries(rows.map(([name, info]) => [name, info.code]))).toEqual({
      BadMessage: 4400,
      Unauthorized: 4401,
      Forbidden: 4403,
      NotFound: 4404,
      TooLarge: 4413,
      DocTooLarge: 4414,
      UpgradeRequired: 4426,
      RateLimited: 4429,
      InternalError: 4500,
      TryAgain: 4503,
      SlowConsumer: 4507,
    });
  });
});

describe('SYNC-REJ: rejection codes', () => {
  it('SYNC-REJ-4 the closed set and its guard', () => {
    expect(Object.keys(rejectionCodes).sort()).toEqual(['doc_too_large', 'invalid_update', 'read_only']);
    expect(isRejectionCode('read_only')).toBe(true);
    expect(isRejectionCode('toString')).toBe(false);
    expect(isRejectionCode('')).toBe(false);
  });
});
