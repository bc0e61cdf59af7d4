import type { RenderContext, Rendered, TtsProvider, TtsRequest } from '@rpg-bot/spi';
import { encodeWav, parseWav } from '@rpg-bot/spi';
import type { EspeakEngine } from './engine';
import { INPUT_PATH, loadEspeakEngine, OUTPUT_PATH } from './engine';
import { ESPEAK_VOICES, pickVoice } from './voices';
import { readPcm16Wav } from './wav-repair';

/** espeak-ng's normal rate in words per minute; it accepts 80–450. */
const NORMAL_WPM = 175;
const MIN_SPEED = 0.5;
const MAX_SPEED = 2;

const LICENCE = { name: 'GPL-3.0-or-later', attribution: 'eSpeak NG', url: 'https://github.com/espeak-ng/espeak-ng' } as const;

export interface EspeakTtsOptions {
  /** The engine to use; by default one is loaded (compiled) on the first call and reused. */
  readonly engine?: () => Promise<EspeakEngine>;
}

/** `speed` (0.5–2, relative to normal) as espeak-ng's words per minute. */
export function speedToWpm(speed: number | undefined): number {
  const value = speed ?? 1;
  if (!Number.isFinite(value) || value < MIN_SPEED || value > MAX_SPEED) throw new RangeError(`espeak: speed must be ${MIN_SPEED}–${MAX_SPEED}, got ${value}`);
  return Math.round(NORMAL_WPM * value);
}

/**
 * Makes the text plain for espeak-ng: markup is already off (no `-m`), but the CLI reads `[[…]]`
 * as phoneme mnemonics and control characters would end or garble the input.
 */
export function plainText(text: string): string {
  return text.replace(/\p{Cc}/gu, (c) => (c === '\n' || c === '\t' ? c : ' ')).replace(/\[(?=\[)/g, '[ ');
}

/** Loads once on first use; a failed load is forgotten so the next call tries again. */
function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

/**
 * Text to speech with espeak-ng (WebAssembly, offline): 22,050 Hz mono 16-bit PCM WAV, English and
 * Russian. Calls may overlap: each runs in an instance of its own (≈ 32 MB while it runs).
 */
export function createEspeakTts(options: EspeakTtsOptions = {}): TtsProvider {
  const engine = options.engine ?? lazy(() => loadEspeakEngine());
  return {
    id: 'espeak',
    voices: ESPEAK_VOICES.map(({ id, language, label }) => ({ id, language, label })),
    async synthesize(request: TtsRequest, context: RenderContext): Promise<Rendered> {
      context.signal.throwIfAborted();
      const voice = pickVoice(request.language, request.voice);
      const wpm = speedToWpm(request.speed);
      const espeak = await engine();
      context.signal.throwIfAborted();
      // -b 1: the input is UTF-8; the text goes in a file, so nothing in it is read as an option.
      const run = await espeak.run(['-b', '1', '-v', voice.espeak, '-s', String(wpm), '-w', OUTPUT_PATH, '-f', INPUT_PATH], plainText(request.text));
      if (run.status !== 0 || run.output === undefined) throw new Error(`espeak-ng failed (exit status ${run.status}): ${run.stderr || 'no output'}`);
      context.signal.throwIfAborted();
      const bytes = encodeWav(readPcm16Wav(run.output));
      const wav = parseWav(bytes);
      context.progress(1);
      return {
        bytes,
        mime: 'audio/wav',
        meta: {
          provider: 'espeak',
          model: `espeak-ng ${espeak.version} ${voice.espeak}`,
          licence: LICENCE,
          durationMs: wav.durationMs,
          sampleRate: wav.sampleRate,
          channels: wav.channels,
          costUsd: 0,
        },
      };
    },
  };
}
