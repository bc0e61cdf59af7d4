import { decodeServerMessage, defaultLimits, encodeAwareness, encodeAwarenessEntries } from '@rpg-bot/sync-protocol';
import { describe, expect, it } from 'vitest';
import { awarenessRemovals } from './awareness-removal';

describe('awarenessRemovals', () => {
  it('SYNC-AWARENESS-1: marks each client as gone (state null) one clock later, in a frame the codec accepts', () => {
    const frame = encodeAwareness(encodeAwarenessEntries(awarenessRemovals(new Map([[7, 3], [2 ** 40, 200]]))));
    const decoded = decodeServerMessage(frame, defaultLimits);
    expect(decoded).toMatchObject({
      ok: true,
      message: { type: 'awareness', entries: [{ clientId: 7, clock: 4, state: null }, { clientId: 2 ** 40, clock: 201, state: null }] },
    });
  });
});
