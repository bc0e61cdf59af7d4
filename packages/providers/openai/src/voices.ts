import type { MediaLanguage, Voice } from '@rpg-bot/spi';
import { MEDIA_LANGUAGES, ProviderError } from '@rpg-bot/spi';

/** OpenAI's built-in voices offered here; each speaks English and Russian alike. */
export const OPENAI_VOICE_NAMES = ['alloy', 'ash', 'coral', 'echo', 'fable', 'nova', 'onyx', 'sage', 'shimmer'] as const;
export type OpenAiVoiceName = (typeof OPENAI_VOICE_NAMES)[number];

/** A voice we list, and the OpenAI voice behind it. */
export interface OpenAiVoice extends Voice {
  readonly openai: OpenAiVoiceName;
}

const LANGUAGE_LABELS: Readonly<Record<MediaLanguage, string>> = { en: 'English', ru: 'Russian' };
const capitalised = (name: string): string => `${name.charAt(0).toUpperCase()}${name.slice(1)}`;

/**
 * The voices offered: every OpenAI voice once per language (`en-coral`, `ru-coral`), because the
 * SPI lists a voice with one language and voice ids are unique. Both ids of a name are the same voice.
 */
export const OPENAI_VOICES: readonly OpenAiVoice[] = MEDIA_LANGUAGES.flatMap((language) =>
  OPENAI_VOICE_NAMES.map((name) => ({ id: `${language}-${name}`, language, label: `${capitalised(name)} (${LANGUAGE_LABELS[language]})`, openai: name })),
);

/** The voice used when a request names none. */
export const DEFAULT_VOICE: OpenAiVoiceName = 'coral';

/**
 * The OpenAI voice for a request: a listed id (either language's: the voices speak both) or a bare
 * OpenAI name (`nova`); the default when none is given. An unknown voice is refused, not retried.
 */
export function openAiVoiceFor(voiceId: string | undefined): OpenAiVoiceName {
  if (voiceId === undefined) return DEFAULT_VOICE;
  const listed = OPENAI_VOICES.find((voice) => voice.id === voiceId)?.openai;
  const bare = OPENAI_VOICE_NAMES.find((name) => name === voiceId);
  const voice = listed ?? bare;
  if (voice === undefined) throw new ProviderError('refused', `openai: unknown voice "${voiceId}" (known: ${OPENAI_VOICES.map((v) => v.id).join(', ')})`);
  return voice;
}
