// Seeded randomness for the benchmarks' document builders — the JavaScript twin of @rpg-bot/kit's
// seededRandom (random.test.mjs keeps them identical): the same seed builds the same document
// on every run, so sizes and results stay comparable.

/**
 * mulberry32: a small seeded PRNG.
 * @param {number} seed
 * @returns {() => number} uniform in [0, 1)
 */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An integer in [min, max].
 * @param {() => number} random
 * @param {number} min
 * @param {number} max
 */
export function between(random, min, max) {
  return min + Math.floor(random() * (max - min + 1));
}

/**
 * @template T
 * @param {() => number} random
 * @param {readonly T[]} items
 * @returns {T}
 */
export function pick(random, items) {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}
