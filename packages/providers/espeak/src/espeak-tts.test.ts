import type { Rendered, TtsRequest } from '@rpg-bot/spi';
import { parseWav, sha256Hex } from '@rpg-bot/spi';
import { runTtsConformance, testRenderContext } from '@rpg-bot/spi/testing';
import { describe, expect, it } from 'vitest';
import { createEspeakTts, plainText, speedToWpm } from './espeak-tts';
import { manifest } from './index';
import { ESPEAK_VOICES } from './voices';

runTtsConformance('espeak', { create: () => createEspeakTts(), deterministic: true });

const tts = createEspeakTts();
const speak = (request: TtsRequest): Promise<Rendered> => tts.synthesize(request, testRenderContext());

function peak(rendered: Rendered): number {
  const wav = parseWav(rendered.bytes);
  const view = new DataView(rendered.bytes.buffer, rendered.bytes.byteOffset + wav.dataOffset, wav.dataBytes);
  let max = 0;
  for (let i = 0; i + 1 < wav.dataBytes; i += 2) max = Math.max(max, Math.abs(view.getInt16(i, true)));
  return max;
}

describe('espeak TTS', () => {
  it('is the manifest’s tts factory, GPL-licensed', () => {
    expect(manifest).toMatchObject({ id: 'espeak', licence: 'GPL-3.0-or-later' });
    expect(manifest.capabilities.tts?.map((factory) => factory.name)).toEqual(['espeak-ng']);
  });

  it('writes a canonical 44-byte-header WAV whose sizes match its samples, and says so in meta', async () => {
    const context = testRenderContext();
    const rendered = await tts.synthesize({ text: 'The innkeeper eyes you warily.', language: 'en' }, context);
    const wav = parseWav(rendered.bytes);
    const view = new DataView(rendered.bytes.buffer, rendered.bytes.byteOffset);
    expect(wav).toMatchObject({ sampleRate: 22_050, channels: 1, bitsPerSample: 16, dataOffset: 44 });
    expect(wav.dataBytes).toBe(wav.frames * 2);
    expect(rendered.bytes.length).toBe(44 + wav.dataBytes);
    expect(view.getUint32(4, true)).toBe(rendered.bytes.length - 8);
    expect(rendered.meta).toMatchObject({
      provider: 'espeak',
      licence: { name: 'GPL-3.0-or-later', attribution: 'eSpeak NG' },
      sampleRate: 22_050,
      channels: 1,
      costUsd: 0,
      durationMs: (wav.frames / 22_050) * 1000,
    });
    expect(rendered.meta.model).toMatch(/^espeak-ng \d+\.\d+\S* en-us$/);
    expect(context.reported.at(-1)).toBe(1);
  });

  it('speaks every listed voice, the variants differently from the plain voices', async () => {
    const hashes = new Map<string, string>();
    for (const voice of ESPEAK_VOICES) {
      const text = voice.language === 'en' ? 'Roll for initiative.' : 'Бросайте инициативу.';
      const rendered = await speak({ text, language: voice.language, voice: voice.id });
      expect(rendered.meta.model.endsWith(` ${voice.espeak}`)).toBe(true);
      expect(peak(rendered)).toBeGreaterThan(1000);
      hashes.set(voice.id, sha256Hex(rendered.bytes));
    }
    expect(new Set(hashes.values()).size).toBe(ESPEAK_VOICES.length);
  });

  it('speaks faster at speed 2 than at speed 0.5', async () => {
    const text = 'The bridge sways as the goblins close in.';
    const fast = parseWav((await speak({ text, language: 'en', speed: 2 })).bytes);
    const slow = parseWav((await speak({ text, language: 'en', speed: 0.5 })).bytes);
    expect(fast.frames).toBeLessThan(slow.frames / 2);
    expect(speedToWpm(undefined)).toBe(175);
    expect(speedToWpm(0.5)).toBe(88);
    expect(speedToWpm(2)).toBe(350);
  });

  it('rejects a voice of another language, an unknown voice and a speed out of range', async () => {
    await expect(speak({ text: 'Hello', language: 'en', voice: 'ru-female' })).rejects.toThrow(/voice "ru-female" speaks ru, but the text is en/);
    await expect(speak({ text: 'Привет', language: 'ru', voice: 'en-gb-male' })).rejects.toThrow(/speaks en, but the text is ru/);
    await expect(speak({ text: 'Hello', language: 'en', voice: 'en-us' })).rejects.toThrow(/unknown voice "en-us"/);
    await expect(speak({ text: 'Hello', language: 'en', speed: 3 })).rejects.toThrow(RangeError);
    await expect(speak({ text: 'Hello', language: 'en', speed: Number.NaN })).rejects.toThrow(RangeError);
  });

  it('rejects with the abort reason when aborted before the call or while it waits for the engine', async () => {
    const before = new AbortController();
    before.abort(new Error('job cancelled'));
    await expect(tts.synthesize({ text: 'Hello', language: 'en' }, testRenderContext(before.signal))).rejects.toThrow('job cancelled');

    const fresh = createEspeakTts(); // its engine is still loading when the abort comes
    const during = new AbortController();
    const pending = fresh.synthesize({ text: 'Hello', language: 'en' }, testRenderContext(during.signal));
    during.abort(new Error('timeout'));
    await expect(pending).rejects.toThrow('timeout');
  });

  it('reads markup, entities, phoneme brackets, emoji and control characters as plain text', async () => {
    const hostile = [
      '<speak><break time="10s"/>Hello</speak>',
      '&amp; &lt;b&gt; "quoted" \'single\' «ёлочки» — dash',
      '-v ru --stdout\nsecond line\r\n\tthird\u0000\u0007 line',
      '🐉🎲😀 Дракон and a dragon 🐉',
      '[[h@l\'oU]] ]]',
    ];
    for (const text of hostile) {
      const rendered = await speak({ text, language: 'en' });
      expect(parseWav(rendered.bytes).durationMs).toBeGreaterThan(500);
      expect(peak(rendered)).toBeGreaterThan(1000);
    }
    // Spoken, not obeyed: the tags make the audio longer, not silent for ten seconds.
    const tagged = parseWav((await speak({ text: '<speak><break time="10s"/>Hello</speak>', language: 'en' })).bytes);
    const bare = parseWav((await speak({ text: 'Hello', language: 'en' })).bytes);
    expect(tagged.durationMs).toBeGreaterThan(bare.durationMs * 2);
    expect(tagged.durationMs).toBeLessThan(10_000);
    expect(plainText('[[h@l\'oU]] a\u0000b\nc')).toBe('[ [h@l\'oU]] a b\nc');
  });

  it('speaks 5,000 characters', async () => {
    const text = 'The caravan winds through the pass, and the scouts report smoke ahead. '.repeat(80).slice(0, 5000);
    const started = performance.now();
    const rendered = await speak({ text, language: 'en' });
    const seconds = (performance.now() - started) / 1000;
    const wav = parseWav(rendered.bytes);
    expect(wav.durationMs).toBeGreaterThan(200_000); // ≈ 4.5 minutes at 175 wpm
    expect(seconds).toBeLessThan(10);
  });

  it('gives each of 4 concurrent calls the same bytes as a call on its own', async () => {
    const requests: TtsRequest[] = [
      { text: 'The gate is locked.', language: 'en' },
      { text: 'Ворота заперты.', language: 'ru', voice: 'ru-female' },
      { text: 'Someone is watching.', language: 'en', voice: 'en-gb-female', speed: 1.5 },
      { text: 'Кто-то следит за нами.', language: 'ru', speed: 0.75 },
    ];
    const together = await Promise.all(requests.map(speak));
    for (const [i, request] of requests.entries()) {
      const alone = await speak(request);
      expect(sha256Hex(together[i]!.bytes)).toBe(sha256Hex(alone.bytes));
    }
    expect(new Set(together.map((r) => sha256Hex(r.bytes))).size).toBe(4);
  });
});
