import type { Style as DicebearStyle, StyleMeta, StyleOptions } from '@dicebear/core';
import { createAvatar } from '@dicebear/core';
import { adventurer, lorelei, micah, notionists, openPeeps, personas, pixelArt } from '@dicebear/collection';
import type { AvatarProvider, AvatarRequest, Licence, RenderContext, Rendered, Style } from '@rpg-bot/spi';
import { ProviderError } from '@rpg-bot/spi';
import { svgToWebp } from './render-webp';

/** A DiceBear style we serve, with the SPDX id of its artwork's licence (DiceBear's meta gives only a display name). */
interface AvatarStyle {
  readonly id: string;
  readonly meta: StyleMeta;
  readonly spdx: 'CC0-1.0' | 'CC-BY-4.0';
  /** The portrait as SVG. */
  draw(seed: string, size: number): string;
}

/** Soft backgrounds behind the figure, picked by DiceBear from the seed. */
const BACKGROUNDS = ['b6e3f4', 'c0aede', 'd1d4f9', 'ffd5dc', 'ffdfbf', 'c9e4c5', 'f3e3c3'];

/** Binds a style to its own typed options, so each entry may tune what suits a fantasy table. */
function avatarStyle<O extends object>(id: string, style: DicebearStyle<O>, spdx: AvatarStyle['spdx'], options: StyleOptions<O> = {}): AvatarStyle {
  return {
    id,
    meta: style.meta ?? {},
    spdx,
    draw: (seed, size) => createAvatar(style, { ...options, seed, size, backgroundColor: BACKGROUNDS, radius: 0 }).toString(),
  };
}

/**
 * Styles whose artwork is CC0 1.0 or CC BY 4.0 (checked in each package's meta and LICENSE) and
 * that draw a character. Left out: Avataaars and Bottts (their own "free for personal and
 * commercial use" terms), abstract styles (shapes, rings, identicon, initials, glass, icons) and
 * emoji-like ones (thumbs, fun-emoji).
 */
const AVATAR_STYLES: readonly AvatarStyle[] = [
  avatarStyle('lorelei', lorelei, 'CC0-1.0'),
  avatarStyle('adventurer', adventurer, 'CC-BY-4.0'),
  avatarStyle('notionists', notionists, 'CC0-1.0'),
  // Medical masks and respirators do not belong in a tavern.
  avatarStyle('open-peeps', openPeeps, 'CC0-1.0', { maskProbability: 0 }),
  avatarStyle('micah', micah, 'CC-BY-4.0'),
  avatarStyle('personas', personas, 'CC-BY-4.0'),
  avatarStyle('pixel-art', pixelArt, 'CC0-1.0'),
];

export const DEFAULT_AVATAR_STYLE = 'lorelei';

/** The sizes the SPI allows (AvatarRequest.size). */
const [MIN_SIZE, MAX_SIZE] = [64, 1024];

/** The licence shown with a style's portraits, from the style's own meta. */
function licenceOf({ meta, spdx }: AvatarStyle): Licence {
  const title = meta.title ?? 'DiceBear style';
  const creator = meta.creator ?? 'DiceBear';
  const display = meta.license?.name ?? spdx;
  return {
    name: spdx,
    attribution: `“${title}” by ${creator}, ${display}`,
    url: meta.source ?? meta.license?.url ?? 'https://www.dicebear.com',
  };
}

const titleOf = ({ meta, id }: AvatarStyle): string => meta.title ?? id;

/**
 * Character portraits drawn by DiceBear from a seed (usually the character's name), rasterised
 * to WebP. Offline and deterministic: the same seed, style and size give the same bytes.
 */
export function createDicebearAvatars(id = 'local'): AvatarProvider {
  const byId = new Map(AVATAR_STYLES.map((style) => [style.id, { style, licence: licenceOf(style) }]));
  const styles: readonly Style[] = AVATAR_STYLES.map((style) => ({ id: style.id, label: titleOf(style), licence: licenceOf(style) }));
  return {
    id,
    styles,
    async render(request: AvatarRequest, context: RenderContext): Promise<Rendered> {
      context.signal.throwIfAborted();
      const styleId = request.style ?? DEFAULT_AVATAR_STYLE;
      const entry = byId.get(styleId);
      if (entry === undefined) {
        throw new ProviderError('refused', `unknown avatar style ${JSON.stringify(styleId)}; the styles are ${AVATAR_STYLES.map((s) => s.id).join(', ')}`);
      }
      const size = request.size;
      if (!Number.isInteger(size) || size < MIN_SIZE || size > MAX_SIZE) {
        throw new ProviderError('refused', `avatar size must be a whole number of pixels from ${MIN_SIZE} to ${MAX_SIZE}, got ${size}`);
      }
      const svg = entry.style.draw(request.seed, size);
      const bytes = await svgToWebp(svg, size, size, { quality: 86, effort: 2 });
      context.signal.throwIfAborted();
      context.progress(1);
      return {
        bytes,
        mime: 'image/webp',
        meta: { provider: id, model: `dicebear ${styleId}`, licence: entry.licence, width: size, height: size, costUsd: 0 },
      };
    },
  };
}
