import type { MediaLanguage, Voice } from '@rpg-bot/spi';

/** A voice we list, and the espeak-ng voice (`language+variant`) that speaks it. */
export interface EspeakVoice extends Voice {
  readonly espeak: string;
}

/**
 * The voices offered. Ids are ours and stable (they are stored with characters and sessions);
 * the espeak-ng names behind them may change. `+f3` is espeak-ng's "female3" variant.
 */
export const ESPEAK_VOICES: readonly EspeakVoice[] = [
  { id: 'en-us-male', language: 'en', label: 'English (US), male', espeak: 'en-us' },
  { id: 'en-us-female', language: 'en', label: 'English (US), female', espeak: 'en-us+f3' },
  { id: 'en-gb-male', language: 'en', label: 'English (UK), male', espeak: 'en-gb' },
  // `en` is the British voice (the same as `en-gb`), but `en-gb+f3` drops the variant and speaks male.
  { id: 'en-gb-female', language: 'en', label: 'English (UK), female', espeak: 'en+f3' },
  { id: 'ru-male', language: 'ru', label: 'Russian, male', espeak: 'ru' },
  { id: 'ru-female', language: 'ru', label: 'Russian, female', espeak: 'ru+f3' },
];

/** The voice used when a request names none. */
export const DEFAULT_VOICE_IDS: Readonly<Record<MediaLanguage, string>> = { en: 'en-us-male', ru: 'ru-male' };

/** The voice a request asks for: its own, or its language's default; a wrong id or language throws. */
export function pickVoice(language: MediaLanguage, voiceId: string | undefined): EspeakVoice {
  const id = voiceId ?? DEFAULT_VOICE_IDS[language];
  const voice = ESPEAK_VOICES.find((v) => v.id === id);
  if (voice === undefined) throw new Error(`espeak: unknown voice "${id}" (known: ${ESPEAK_VOICES.map((v) => v.id).join(', ')})`);
  if (voice.language !== language) throw new Error(`espeak: voice "${id}" speaks ${voice.language}, but the text is ${language}`);
  return voice;
}
