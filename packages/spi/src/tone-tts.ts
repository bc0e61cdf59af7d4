import type { RenderContext, Rendered, TtsProvider, TtsRequest, Voice } from './media';
import { settle } from './memory-artifact-store';
import { encodeWav } from './wav';

const SAMPLE_RATE = 16_000;
const MS_PER_CHARACTER = 40;

/**
 * The trivial TTS adapter: a real PCM WAV in which every character of the text is a short tone
 * (its pitch from the character). Not speech — for tests and for running without a TTS engine.
 */
export function createToneTts(id = 'tone'): TtsProvider {
  const voices: readonly Voice[] = [
    { id: 'tone-en', language: 'en', label: 'Tones (English)' },
    { id: 'tone-ru', language: 'ru', label: 'Tones (Russian)' },
  ];
  return {
    id,
    voices,
    synthesize(request: TtsRequest, context: RenderContext): Promise<Rendered> {
      return settle(() => render(request, context));
    },
  };
  function render(request: TtsRequest, context: RenderContext): Rendered {
    context.signal.throwIfAborted();
    const chars = Array.from(request.text);
    const perChar = Math.round((SAMPLE_RATE * MS_PER_CHARACTER) / 1000 / (request.speed ?? 1));
    const samples = new Int16Array(chars.length * perChar);
    chars.forEach((char, i) => {
      const code = char.codePointAt(0) ?? 32;
      const hz = /\s/.test(char) ? 0 : 220 + (code % 48) * 15;
      for (let s = 0; s < perChar; s++) samples[i * perChar + s] = Math.round(Math.sin((2 * Math.PI * hz * s) / SAMPLE_RATE) * 8000);
    });
    context.progress(1);
    const bytes = encodeWav({ samples, sampleRate: SAMPLE_RATE, channels: 1 });
    return {
      bytes,
      mime: 'audio/wav',
      meta: {
        provider: id,
        model: 'tones',
        licence: { name: 'CC0-1.0' },
        durationMs: (chars.length * perChar * 1000) / SAMPLE_RATE,
        sampleRate: SAMPLE_RATE,
        channels: 1,
        costUsd: 0,
        procedural: true,
      },
    };
  }
}
