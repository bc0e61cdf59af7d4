/**
 * `@rpg-bot/provider-local`: the default offline media provider. Character portraits from
 * DiceBear styles (`AVATAR_PROVIDER=local`) and procedural scene cards (`IMAGE_PROVIDER=local`),
 * rendered to WebP with sharp; no network, deterministic by seed.
 */
import { defineProvider } from '@rpg-bot/spi';
import { createDicebearAvatars } from './avatar';
import { createSceneCards } from './scene';

export { createDicebearAvatars, DEFAULT_AVATAR_STYLE } from './avatar';
export type { ScenePlan } from './scene';
export { createSceneCards, DEFAULT_SCENE_STYLE, planFor, planScene, SCENE_LICENCE } from './scene';

export const manifest = defineProvider({
  id: 'local',
  licence: 'MIT',
  capabilities: {
    avatar: [
      {
        name: 'dicebear',
        description: 'Character portraits from CC0 / CC BY DiceBear styles, rendered offline to WebP',
        create: () => createDicebearAvatars(),
      },
    ],
    image: [
      {
        name: 'scene',
        description: 'Procedural scene and location cards composed from the prompt, rendered offline to WebP',
        create: () => createSceneCards(),
      },
    ],
  },
});
