import { describe, expect, it } from 'vitest';
import { hashString, mulberry32 } from './random';

describe('mulberry32', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    const [a, b] = [mulberry32(42), mulberry32(42)];
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    // The reference mulberry32 (as in @rpg-bot/kit): pins the algorithm, so pictures do not change silently.
    expect(mulberry32(1)()).toBeCloseTo(0.6270739405881613, 15);
  });
});

describe('hashString', () => {
  it('is stable and sensitive to the text and the basis', () => {
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
    expect(hashString('tavern')).not.toBe(hashString('taverN'));
    expect(hashString('tavern', 1)).not.toBe(hashString('tavern', 2));
  });
});
