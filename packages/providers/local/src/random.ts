import type { Random } from '@rpg-bot/kit';

/**
 * Seeds and floats for the procedural scenes. The generator itself is `seededRandom` of
 * `@rpg-bot/kit` (mulberry32), and `pick` is the kit's.
 */
export type { Random } from '@rpg-bot/kit';
export { pick, seededRandom as mulberry32 } from '@rpg-bot/kit';

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
