import { describe, expect, it } from 'vitest';
import { createTokenBuckets } from './index';

function buckets(options: { capacity?: number; refillPerSecond?: number; maxKeys?: number } = {}) {
  let now = 0;
  const b = createTokenBuckets({ capacity: 3, refillPerSecond: 2, clock: () => now, ...options });
  return {
    b,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('token buckets', () => {
  it('allows a burst of capacity, then says when a token will be back', () => {
    const { b } = buckets();
    expect([b.take('a'), b.take('a'), b.take('a')].every((r) => r.allowed)).toBe(true);
    expect(b.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('refills at the given rate, never beyond capacity', () => {
    const { b, advance } = buckets({ capacity: 2, refillPerSecond: 0.25 });
    b.take('a');
    b.take('a');
    expect(b.take('a')).toEqual({ allowed: false, retryAfterSeconds: 4 });
    advance(3000);
    expect(b.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    advance(1000);
    expect(b.take('a').allowed).toBe(true);
    advance(3_600_000);
    expect([b.take('a'), b.take('a'), b.take('a')].map((r) => r.allowed)).toEqual([true, true, false]);
  });

  it('keeps keys apart', () => {
    const { b } = buckets({ capacity: 1 });
    expect(b.take('a').allowed).toBe(true);
    expect(b.take('a').allowed).toBe(false);
    expect(b.take('b').allowed).toBe(true);
  });

  it('forgets idle buckets once they are full again', () => {
    const { b, advance } = buckets({ capacity: 4, refillPerSecond: 2 });
    for (let i = 0; i < 100; i++) b.take(`client-${i}`);
    expect(b.size).toBe(100);
    advance(1000); // full again, but no sweep is due yet
    for (let i = 0; i < 4; i++) b.take('client-0');
    expect(b.size).toBe(100);
    advance(1500); // everyone but client-0 (emptied at 1 s) is full again
    b.take('fresh');
    expect(b.size).toBe(2);
  });

  it('bounds memory under a flood of distinct keys, dropping the least recently used', () => {
    const { b } = buckets({ capacity: 1, maxKeys: 10 });
    b.take('busy');
    for (let i = 0; i < 9; i++) b.take(`k${i}`);
    expect(b.take('busy').allowed).toBe(false); // touching keeps it recent
    for (let i = 9; i < 1000; i++) b.take(`k${i}`);
    expect(b.size).toBe(10);
  });

  it('drops exactly the least recently used key when a new one arrives at the cap', () => {
    const { b } = buckets({ capacity: 1, maxKeys: 3 });
    for (const key of ['a', 'b', 'c']) b.take(key); // each bucket is now empty
    b.take('a'); // a is the most recently used again; b is the least
    b.take('d');
    expect(b.size).toBe(3);
    // A forgotten key starts with a full bucket; a remembered one is still empty.
    expect(b.take('b').allowed).toBe(true);
    expect(b.take('a').allowed).toBe(false);
    expect(b.take('d').allowed).toBe(false);
  });

  it('ignores a clock stepping backwards', () => {
    let now = 10_000;
    const b = createTokenBuckets({ capacity: 1, refillPerSecond: 1, clock: () => now });
    b.take('a');
    now = 0;
    expect(b.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('refuses nonsensical settings', () => {
    expect(() => createTokenBuckets({ capacity: 0, refillPerSecond: 1, clock: () => 0 })).toThrow(RangeError);
    expect(() => createTokenBuckets({ capacity: 1, refillPerSecond: 0, clock: () => 0 })).toThrow(RangeError);
    expect(() => createTokenBuckets({ capacity: 1, refillPerSecond: 1, clock: () => 0, maxKeys: 0 })).toThrow(RangeError);
    expect(() => createTokenBuckets({ capacity: 1, refillPerSecond: 1, clock: () => 0, maxKeys: 2.5 })).toThrow(RangeError);
  });
});
