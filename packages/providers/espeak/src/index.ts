/**
 * `@rpg-bot/provider-espeak`: offline text to speech with espeak-ng (WebAssembly). GPL-3.0-or-later,
 * so it lives in a package of its own, loaded only when `TTS_PROVIDER=espeak` names it.
 */
import { defineProvider } from '@rpg-bot/spi';
import { createEspeakTts } from './espeak-tts';

export type { EspeakEngine, EspeakRun } from './engine';
export { loadEspeakEngine } from './engine';
export type { EspeakTtsOptions } from './espeak-tts';
export { createEspeakTts } from './espeak-tts';
export type { EspeakVoice } from './voices';
export { DEFAULT_VOICE_IDS, ESPEAK_VOICES } from './voices';

/** `TTS_PROVIDER=espeak`: speech in English and Russian, no network, byte-stable output. */
export const manifest = defineProvider({
  id: 'espeak',
  licence: 'GPL-3.0-or-later',
  capabilities: {
    tts: [
      {
        name: 'espeak-ng',
        description: 'espeak-ng compiled to WebAssembly: English and Russian speech as PCM WAV, offline, GPL-3.0-or-later.',
        create: () => createEspeakTts(),
      },
    ],
  },
});
