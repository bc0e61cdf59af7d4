/**
 * A seeded PRNG for the procedural scenes. This is the same mulberry32 as `seededRandom` in
 * `@rpg-bot/kit`; it is repeated here only because this package's dependency list (and the
 * lockfile) does not include the kit yet — switch to the kit's when it does.
 */
export type Random = () => number;

/** mulberry32: the same seed gives the same sequence on every run and runtime. Not for secrets. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the UTF-16 code units of `text`, mixed into `basis`: a stable 32-bit seed from strings. */
export function hashString(text: string, basis = 0x811c9dc5): number {
  let hash = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Uniform in [min, max). */
export const between = (random: Random, min: number, max: number): number => min + random() * (max - min);

/** One element of a non-empty list. */
export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new RangeError('pick needs a non-empty list');
  return item;
}
