// The benchmarks are plain Node scripts (no TypeScript loader), so they keep a JavaScript copy of
// @rpg-bot/kit's seeded generator; this test keeps the two identical, draw for draw.
import { randomBetween, seededRandom as kitRandom } from '@rpg-bot/kit';
import { describe, expect, it } from 'vitest';
import { between, pick, seededRandom } from './random.mjs';

describe('bench/lib/random.mjs', () => {
  it('draws the same sequence as @rpg-bot/kit for the same seed', () => {
    for (const seed of [0, 1, 20261207, -5]) {
      const ours = kitRandom(seed);
      const bench = seededRandom(seed);
      for (let i = 0; i < 1000; i += 1) expect(bench()).toBe(ours());
    }
  });

  it('between matches randomBetween, and pick refuses an empty list', () => {
    const a = kitRandom(5);
    const b = seededRandom(5);
    for (let i = 0; i < 200; i += 1) expect(between(b, 3, 9)).toBe(randomBetween(a, 3, 9));
    expect(() => pick(b, [])).toThrow();
  });
});
