import type { ImageProvider, ImageRequest, Licence, RenderContext, Rendered, Style } from '@rpg-bot/spi';
import { IMAGE_SIZES, parseImageSize, ProviderError } from '@rpg-bot/spi';
import { svgToWebp } from './render-webp';
import type { SceneStyle } from './scene-look';
import { SCENE_STYLES } from './scene-look';
import { composeScene } from './scene-svg';

export type { ScenePlan } from './scene-plan';
export { planScene, promptWords } from './scene-plan';
export { planFor } from './scene-svg';

/** Our own procedural art, given away. */
export const SCENE_LICENCE: Licence = {
  name: 'CC0-1.0',
  attribution: 'Procedural scene card by RPG-Bot',
  url: 'https://creativecommons.org/publicdomain/zero/1.0/',
};

const LABELS: Readonly<Record<SceneStyle, string>> = {
  painted: 'Painted landscape',
  ink: 'Ink on parchment',
  night: 'Moonlit',
};

export const DEFAULT_SCENE_STYLE: SceneStyle = 'painted';

const isSceneStyle = (id: string): id is SceneStyle => (SCENE_STYLES as readonly string[]).includes(id);

/**
 * Scene and location cards composed from the prompt: terrain, light and landmark picked by its
 * words (English and Russian), the rest by the seed, the prompt as the card's title. Offline and
 * deterministic; `meta.procedural` says it is not a model's picture.
 */
export function createSceneCards(id = 'local'): ImageProvider {
  const styles: readonly Style[] = SCENE_STYLES.map((style) => ({ id: style, label: LABELS[style], licence: SCENE_LICENCE }));
  return {
    id,
    styles,
    async render(request: ImageRequest, context: RenderContext): Promise<Rendered> {
      context.signal.throwIfAborted();
      const style = request.style ?? DEFAULT_SCENE_STYLE;
      // Refused, not failed: the same request would fail again, so the jobs service must not retry it.
      if (!isSceneStyle(style)) throw new ProviderError('refused', `unknown scene style ${JSON.stringify(style)}; the styles are ${SCENE_STYLES.join(', ')}`);
      if (!(IMAGE_SIZES as readonly string[]).includes(request.size)) {
        throw new ProviderError('refused', `unknown image size ${JSON.stringify(request.size)}; the sizes are ${IMAGE_SIZES.join(', ')}`);
      }
      const { width, height } = parseImageSize(request.size);
      const svg = composeScene({ prompt: request.prompt, style, width, height, seed: request.seed, language: request.language });
      context.progress(0.5);
      const bytes = await svgToWebp(svg, width, height, { quality: 84, effort: 2 });
      context.signal.throwIfAborted();
      context.progress(1);
      return {
        bytes,
        mime: 'image/webp',
        meta: { provider: id, model: 'procedural scene v1', licence: SCENE_LICENCE, width, height, costUsd: 0, procedural: true },
      };
    },
  };
}
