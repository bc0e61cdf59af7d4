import { decodeServerMessage, defaultLimits } from '@rpg-bot/sync-protocol';
import type { AwarenessEntry } from '@rpg-bot/sync-protocol';
import { ManualTimers } from '@rpg-bot/kit/testing';
import { describe, expect, it } from 'vitest';
import { AwarenessFanout, awarenessFlushMs } from './awareness-fanout';
import type { AwarenessPeer } from './awareness-fanout';

class Peer implements AwarenessPeer {
  readonly frames: AwarenessEntry[][] = [];
  deliver(frame: Uint8Array, type: string): void {
    expect(type).toBe('awareness');
    const decoded = decodeServerMessage(frame, defaultLimits);
    if (!decoded.ok || decoded.message.type !== 'awareness') throw new Error('not an awareness frame');
    this.frames.push([...decoded.message.entries]);
  }
}

const state = (clientId: number, clock: number, cursor = clock): AwarenessEntry => ({ clientId, clock, state: { cursor } });

const room = (size: number) => {
  const timers = new ManualTimers();
  const peers = new Set(Array.from({ length: size }, () => new Peer()));
  const fanout = new AwarenessFanout({ peers: () => peers, timers });
  return { timers, peers: [...peers], fanout };
};

describe('AwarenessFanout (SYNC-AWARENESS-4)', () => {
  it('sends nothing before the window ends, then one frame per socket without its own entries', () => {
    const { timers, peers, fanout } = room(3);
    const [a, b, c] = peers as [Peer, Peer, Peer];
    fanout.relay(a, [state(1, 1)]);
    fanout.relay(b, [state(2, 1)]);
    timers.advance(awarenessFlushMs(3) - 1);
    expect(peers.map((peer) => peer.frames.length)).toEqual([0, 0, 0]);
    timers.advance(1);
    expect(a.frames).toEqual([[state(2, 1)]]);
    expect(b.frames).toEqual([[state(1, 1)]]);
    expect(c.frames).toEqual([[state(1, 1), state(2, 1)]]);
  });

  it('keeps the latest entry per client, a removal included', () => {
    const { timers, peers, fanout } = room(2);
    const [a, b] = peers as [Peer, Peer];
    fanout.relay(a, [state(1, 1)]);
    fanout.relay(a, [state(1, 2), state(3, 1)]);
    fanout.relay(a, [{ clientId: 3, clock: 2, state: null }]);
    timers.advance(awarenessFlushMs(2));
    expect(b.frames).toEqual([[state(1, 2), { clientId: 3, clock: 2, state: null }]]);
    expect(a.frames).toEqual([]);
  });

  it('a crowd joining at once costs each socket a few frames, not one per newcomer', () => {
    const { timers, peers, fanout } = room(150);
    peers.forEach((peer, i) => {
      fanout.relay(peer, [state(1000 + i, 1)]);
      timers.advance(10); // one newcomer every 10 ms: 1.5 s of arrivals
    });
    timers.advance(awarenessFlushMs(150));
    const frames = peers.reduce((sum, peer) => sum + peer.frames.length, 0);
    // Unbatched: 150 × 149 frames. With a 150 ms window: 10 or 11 flushes for each socket.
    expect(frames).toBeLessThanOrEqual(150 * 11);
    for (const [i, peer] of peers.entries()) {
      const seen = new Set(peer.frames.flat().map((entry) => entry.clientId));
      expect(seen.size).toBe(149);
      expect(seen.has(1000 + i)).toBe(false);
    }
  });

  it('the window grows with the room, within its bounds', () => {
    expect(awarenessFlushMs(1)).toBe(20);
    expect(awarenessFlushMs(60)).toBe(60);
    expect(awarenessFlushMs(5000)).toBe(200);
  });

  it('clear drops what is pending and its timer', () => {
    const { timers, peers, fanout } = room(2);
    fanout.relay(peers[0], [state(1, 1)]);
    fanout.clear();
    expect(timers.pending()).toBe(0);
    timers.advance(1000);
    expect(peers[1]?.frames).toEqual([]);
  });
});
