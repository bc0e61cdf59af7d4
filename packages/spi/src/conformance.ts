import { describe, expect, it } from 'vitest';
import type { ArtifactStore } from './artifact-store';
import type { AvatarProvider, ImageProvider, RenderContext, Rendered, TtsProvider } from './media';
import { parseImageSize } from './media';
import { sha256Hex } from './memory-artifact-store';
import { parseWav } from './wav';
import { parseWebpHeader } from './webp';

/** A context that never aborts and records the progress it is given. */
export function testRenderContext(signal: AbortSignal = new AbortController().signal): RenderContext & { readonly reported: number[] } {
  const reported: number[] = [];
  return { signal, reported, progress: (fraction) => reported.push(fraction) };
}

function expectMeta(rendered: Rendered, providerId: string): void {
  expect(rendered.meta.provider).toBe(providerId);
  expect(rendered.meta.model.length).toBeGreaterThan(0);
  expect(rendered.meta.licence.name.length).toBeGreaterThan(0);
  expect(rendered.meta.costUsd).toBeGreaterThanOrEqual(0);
}

/** What a provider under test is, and whether it is deterministic (same request → same bytes). */
export interface ProviderConformanceOptions<P> {
  readonly create: () => P | Promise<P>;
  /** Local providers are; remote models usually are not. */
  readonly deterministic: boolean;
}

/** The behaviour every TTS adapter shares: a valid PCM WAV whose samples fill the duration it reports, in both languages. */
export function runTtsConformance(name: string, options: ProviderConformanceOptions<TtsProvider>): void {
  describe(`TtsProvider conformance: ${name}`, () => {
    it('lists voices in both languages', async () => {
      const tts = await options.create();
      expect(new Set(tts.voices.map((v) => v.language))).toEqual(new Set(['en', 'ru']));
      expect(new Set(tts.voices.map((v) => v.id)).size).toBe(tts.voices.length);
    });

    for (const [language, text] of [
      ['en', 'The door creaks open, and the torchlight dies.'],
      ['ru', 'Дверь со скрипом отворяется, и факел гаснет.'],
    ] as const) {
      it(`speaks ${language} into a PCM WAV whose header matches its samples`, async () => {
        const tts = await options.create();
        const voice = tts.voices.find((v) => v.language === language);
        const rendered = await tts.synthesize(
          {
            text,
            language,
            ...(voice === undefined ? {} : { voice: voice.id }),
          },
          testRenderContext(),
        );
        expect(rendered.mime).toBe('audio/wav');
        expectMeta(rendered, tts.id);
        const wav = parseWav(rendered.bytes);
        expect(wav.bitsPerSample).toBe(16);
        expect(wav.frames).toBeGreaterThan(wav.sampleRate / 2); // a sentence lasts more than half a second
        expect(wav.dataOffset + wav.dataBytes).toBeLessThanOrEqual(rendered.bytes.length);
        expect(rendered.meta.sampleRate).toBe(wav.sampleRate);
        expect(rendered.meta.channels).toBe(wav.channels);
        expect(rendered.meta.durationMs).toBeCloseTo(wav.durationMs, 0);
        // Not silence: some sample is audible.
        const view = new DataView(rendered.bytes.buffer, rendered.bytes.byteOffset + wav.dataOffset, wav.dataBytes);
        let peak = 0;
        for (let i = 0; i + 1 < wav.dataBytes; i += 2) peak = Math.max(peak, Math.abs(view.getInt16(i, true)));
        expect(peak).toBeGreaterThan(1000);
      });
    }

    it('refuses to start when the call is already aborted', async () => {
      const tts = await options.create();
      const controller = new AbortController();
      controller.abort(new Error('cancelled'));
      await expect(tts.synthesize({ text: 'Hello', language: 'en' }, testRenderContext(controller.signal))).rejects.toThrow();
    });

    if (options.deterministic) {
      it('gives the same bytes for the same request', async () => {
        const tts = await options.create();
        const request = {
          text: 'Roll for initiative.',
          language: 'en',
        } as const;
        const [a, b] = [await tts.synthesize(request, testRenderContext()), await tts.synthesize(request, testRenderContext())];
        expect(sha256Hex(a.bytes)).toBe(sha256Hex(b.bytes));
      });
    }
  });
}

function expectWebp(rendered: Rendered, width: number, height: number): void {
  expect(rendered.mime).toBe('image/webp');
  const info = parseWebpHeader(rendered.bytes);
  expect({ width: info.width, height: info.height }).toEqual({ width, height });
  expect(rendered.meta.width).toBe(width);
  expect(rendered.meta.height).toBe(height);
}

/** The behaviour every image adapter shares: a WebP of exactly the requested size, for every style it lists. */
export function runImageConformance(name: string, options: ProviderConformanceOptions<ImageProvider>): void {
  describe(`ImageProvider conformance: ${name}`, () => {
    it('renders every listed size as a WebP of that size', async () => {
      const provider = await options.create();
      for (const size of ['512x512', '768x512', '512x768'] as const) {
        const rendered = await provider.render(
          {
            prompt: 'A ruined watchtower above a misty valley',
            size,
            seed: 7,
            language: 'en',
          },
          testRenderContext(),
        );
        const { width, height } = parseImageSize(size);
        expectWebp(rendered, width, height);
        expectMeta(rendered, provider.id);
      }
    });

    it('renders each style it lists, with the style’s licence', async () => {
      const provider = await options.create();
      expect(provider.styles.length).toBeGreaterThan(0);
      for (const style of provider.styles) {
        const rendered = await provider.render(
          {
            prompt: 'Таверна «Пьяный грифон»',
            style: style.id,
            size: '512x512',
            seed: 1,
            language: 'ru',
          },
          testRenderContext(),
        );
        expectWebp(rendered, 512, 512);
        expect(rendered.meta.licence.name).toBe(style.licence.name);
      }
    });

    if (options.deterministic) {
      it('gives the same bytes for the same request and different bytes for another seed', async () => {
        const provider = await options.create();
        const request = {
          prompt: 'A desert oasis at dusk',
          size: '512x512',
          seed: 42,
          language: 'en',
        } as const;
        const a = await provider.render(request, testRenderContext());
        const b = await provider.render(request, testRenderContext());
        const c = await provider.render({ ...request, seed: 43 }, testRenderContext());
        expect(sha256Hex(a.bytes)).toBe(sha256Hex(b.bytes));
        expect(sha256Hex(a.bytes)).not.toBe(sha256Hex(c.bytes));
      });
    }
  });
}

/** The behaviour every avatar adapter shares: a square WebP of the requested size for each style, with its licence and attribution. */
export function runAvatarConformance(name: string, options: ProviderConformanceOptions<AvatarProvider>): void {
  describe(`AvatarProvider conformance: ${name}`, () => {
    it('renders each style as a square WebP of the requested size with its licence', async () => {
      const provider = await options.create();
      expect(provider.styles.length).toBeGreaterThan(0);
      for (const style of provider.styles) {
        const rendered = await provider.render({ seed: 'Thorin Oakenshield', style: style.id, size: 256 }, testRenderContext());
        expectWebp(rendered, 256, 256);
        expectMeta(rendered, provider.id);
        expect(rendered.meta.licence).toEqual(style.licence);
      }
    });

    if (options.deterministic) {
      it('is deterministic by seed', async () => {
        const provider = await options.create();
        const a = await provider.render({ seed: 'Elara', size: 128 }, testRenderContext());
        const b = await provider.render({ seed: 'Elara', size: 128 }, testRenderContext());
        const c = await provider.render({ seed: 'Borin', size: 128 }, testRenderContext());
        expect(sha256Hex(a.bytes)).toBe(sha256Hex(b.bytes));
        expect(sha256Hex(a.bytes)).not.toBe(sha256Hex(c.bytes));
      });
    }
  });
}

/** What `setup` returns for the store conformance suite, and how to dispose of it. */
export interface ArtifactStoreConformanceSetup {
  readonly store: ArtifactStore;
  /** A second store over the same backing storage (another process, in effect), when the adapter shares; omitted otherwise. */
  readonly peer?: ArtifactStore;
  cleanup(): Promise<void>;
}

/** The bytes a store read, or a failed expectation when it had none. */
async function present(read: Promise<Uint8Array | undefined>): Promise<Uint8Array> {
  const bytes = await read;
  expect(bytes).toBeDefined();
  return bytes ?? new Uint8Array(0);
}

const blob = (size: number, salt: number): Uint8Array => Uint8Array.from({ length: size }, (_, i) => (i * 31 + salt) & 0xff);

/** The behaviour every artifact store shares: content-addressed, deduplicated, ranged reads, refusal of a wrong hash. */
export function runArtifactStoreConformance(name: string, setup: () => Promise<ArtifactStoreConformanceSetup>): void {
  describe(`ArtifactStore conformance: ${name}`, () => {
    const withStore = (fn: (ready: ArtifactStoreConformanceSetup) => Promise<void>) => async () => {
      const ready = await setup();
      try {
        await fn(ready);
      } finally {
        await ready.cleanup();
      }
    };

    it(
      'stores bytes under their hash and reads them back whole and by range',
      withStore(async ({ store }) => {
        const bytes = blob(100_000, 1);
        const sha = sha256Hex(bytes);
        expect(await store.stat(sha)).toBeUndefined();
        expect(await store.read(sha)).toBeUndefined();
        expect(await store.put(sha, bytes)).toEqual({
          sha256: sha,
          bytes: 100_000,
        });
        expect(await store.stat(sha)).toEqual({ sha256: sha, bytes: 100_000 });
        expect(Buffer.from(await present(store.read(sha))).equals(Buffer.from(bytes))).toBe(true);
        expect([...(await present(store.read(sha, { start: 10, end: 13 })))]).toEqual([...bytes.subarray(10, 14)]);
        // A range past the end is clamped; one that starts past the end is nothing.
        expect((await present(store.read(sha, { start: 99_990, end: 200_000 }))).length).toBe(10);
        expect(await store.read(sha, { start: 100_000, end: 100_001 })).toBeUndefined();
      }),
    );

    it(
      'stores the same bytes once, however often they are put, also concurrently',
      withStore(async ({ store }) => {
        const bytes = blob(5_000, 2);
        const sha = sha256Hex(bytes);
        await Promise.all(Array.from({ length: 8 }, () => store.put(sha, bytes)));
        await store.put(sha, bytes);
        expect(await store.stat(sha)).toEqual({ sha256: sha, bytes: 5_000 });
      }),
    );

    it(
      'refuses bytes that do not hash to the given name, and names that are not a SHA-256',
      withStore(async ({ store }) => {
        const bytes = blob(64, 3);
        await expect(store.put(sha256Hex(blob(64, 4)), bytes)).rejects.toThrow(RangeError);
        await expect(store.put('../../etc/passwd', bytes)).rejects.toThrow(RangeError);
        await expect(store.read('A'.repeat(64))).rejects.toThrow(RangeError);
        expect(await store.stat(sha256Hex(blob(64, 4)))).toBeUndefined();
      }),
    );

    it(
      'stores an empty artifact and deletes artifacts',
      withStore(async ({ store }) => {
        const empty = new Uint8Array(0);
        const sha = sha256Hex(empty);
        await store.put(sha, empty);
        expect(await store.stat(sha)).toEqual({ sha256: sha, bytes: 0 });
        await store.delete(sha);
        await store.delete(sha);
        expect(await store.stat(sha)).toBeUndefined();
      }),
    );

    it(
      'is shared with a peer over the same storage, when the adapter shares',
      withStore(async ({ store, peer }) => {
        if (peer === undefined) {
          console.log(`${name}: no peer store (the adapter does not share storage between processes)`);
          return;
        }
        const bytes = blob(1_234, 5);
        const sha = sha256Hex(bytes);
        await store.put(sha, bytes);
        expect(await peer.stat(sha)).toEqual({ sha256: sha, bytes: 1_234 });
        expect(Buffer.from(await present(peer.read(sha))).equals(Buffer.from(bytes))).toBe(true);
      }),
    );
  });
}
