/**
 * `@rpg-bot/provider-openai`: narration, scene art and portraits through the OpenAI API or any
 * OpenAI-compatible server (`OPENAI_BASE_URL`). Selected by `TTS_PROVIDER=openai`,
 * `IMAGE_PROVIDER=openai`, `AVATAR_PROVIDER=openai`; needs `OPENAI_API_KEY`. Each call costs money.
 */
import type { ProviderContext } from '@rpg-bot/spi';
import { defineProvider } from '@rpg-bot/spi';
import { createOpenAiAvatars, createOpenAiImages } from './images';
import { IMAGE_USD, TTS_USD_PER_MILLION_CHARACTERS } from './prices';
import type { OpenAiSettings } from './settings';
import { createOpenAiClient, readOpenAiSettings } from './settings';
import { createOpenAiTts } from './tts';

export type { OpenAiImageOptions } from './images';
export { apiImageSize, createOpenAiAvatars, createOpenAiImages, portraitPrompt, scenePrompt } from './images';
export type { ImageQuality } from './prices';
export { IMAGE_USD, imageCostUsd, TTS_USD_PER_MILLION_CHARACTERS, ttsCostUsd } from './prices';
export type { OpenAiSettings } from './settings';
export { createOpenAiClient, DEFAULT_BASE_URL, DEFAULT_IMAGE_MODEL, DEFAULT_TTS_MODEL, readOpenAiSettings } from './settings';
export { fixStreamedWav } from './streamed-wav';
export type { OpenAiTtsOptions } from './tts';
export { createOpenAiTts } from './tts';
export type { OpenAiVoice, OpenAiVoiceName } from './voices';
export { DEFAULT_VOICE, OPENAI_VOICES } from './voices';

/** Reads the settings and says so when the model has no price here (its cost is then reported as 0). */
function setUp(context: ProviderContext, capability: 'tts' | 'image' | 'avatar'): { readonly settings: OpenAiSettings; readonly model: string } {
  const settings = readOpenAiSettings(context.env);
  const model = capability === 'tts' ? settings.ttsModel : settings.imageModel;
  const priced = capability === 'tts' ? model in TTS_USD_PER_MILLION_CHARACTERS : model in IMAGE_USD;
  if (!priced) context.logger.warn({ capability, model }, 'openai: no price known for this model; its calls are reported as costing 0');
  context.logger.info({ capability, model, baseURL: settings.baseURL }, 'openai provider ready');
  return { settings, model };
}

/** `TTS_PROVIDER=openai`, `IMAGE_PROVIDER=openai`, `AVATAR_PROVIDER=openai`. */
export const manifest = defineProvider({
  id: 'openai',
  licence: 'MIT',
  capabilities: {
    tts: [
      {
        name: 'speech',
        description:
          'OpenAI audio.speech (OPENAI_TTS_MODEL, default gpt-4o-mini-tts) as PCM WAV; English and Russian with the same voices; paid per character.',
        create: (context) => {
          const { settings, model } = setUp(context, 'tts');
          return createOpenAiTts({ client: createOpenAiClient(settings), model, clock: context.clock });
        },
      },
    ],
    image: [
      {
        name: 'images',
        description: 'OpenAI images.generate (OPENAI_IMAGE_MODEL, default gpt-image-1), scaled to the requested size as WebP; paid per image.',
        create: (context) => {
          const { settings, model } = setUp(context, 'image');
          return createOpenAiImages({ client: createOpenAiClient(settings), model, clock: context.clock });
        },
      },
    ],
    avatar: [
      {
        name: 'portraits',
        description: 'Character portraits from OpenAI images.generate, prompted with the character’s name, as square WebP; paid per image.',
        create: (context) => {
          const { settings, model } = setUp(context, 'avatar');
          return createOpenAiAvatars({ client: createOpenAiClient(settings), model, clock: context.clock });
        },
      },
    ],
  },
});
