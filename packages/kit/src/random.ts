/** A source of uniformly distributed numbers in [0, 1), like `Math.random`. */
export type Random = () => number;

/**
 * mulberry32: a tiny seeded generator. The same seed gives the same sequence on every run and
 * every runtime, so a failing fuzz case or a benchmark input is reproduced from its seed.
 * Not for anything secret (use `crypto`).
 */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [0, maxExclusive). */
export function randomInt(random: Random, maxExclusive: number): number {
  return Math.floor(random() * maxExclusive);
}

/** An integer in [min, max], both included. */
export function randomBetween(random: Random, min: number, max: number): number {
  return min + randomInt(random, max - min + 1);
}

/** One element of a non-empty list. */
export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[randomInt(random, items.length)];
  if (item === undefined) throw new RangeError('pick needs a non-empty list');
  return item;
}

/** True with probability `p`. */
export function chance(random: Random, p: number): boolean {
  return random() < p;
}

/** A seeded generator with its helpers bound: what fuzz tests and simulations pass around. */
export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** An integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  /** An integer in [min, max], both included. */
  between(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** {@link seededRandom} with its helpers bound, e.g. `const random = createRandom(seed); random.int(6)`. */
export function createRandom(seed: number): SeededRandom {
  const next = seededRandom(seed);
  return {
    next,
    int: (maxExclusive) => randomInt(next, maxExclusive),
    between: (min, max) => randomBetween(next, min, max),
    pick: (items) => pick(next, items),
    chance: (p) => chance(next, p),
  };
}
