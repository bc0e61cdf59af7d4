/**
 * The media capabilities: what a TTS, image or avatar provider is asked for and what it returns.
 * A provider renders bytes and describes them; the jobs service hashes, stores and serves them.
 */

/** Languages the media requests accept (the app's two locales). */
export const MEDIA_LANGUAGES = ['en', 'ru'] as const;
export type MediaLanguage = (typeof MEDIA_LANGUAGES)[number];

/** The MIME types a rendered artifact may have; each maps to one file extension of `/v1/artifacts`. */
export const ARTIFACT_MIME_EXTENSIONS = {
  'audio/wav': 'wav',
  'image/webp': 'webp',
} as const;
export type ArtifactMime = keyof typeof ARTIFACT_MIME_EXTENSIONS;

/** Licence and attribution of a rendered artifact, shown with it (the avatar styles are third-party art). */
export interface Licence {
  /** SPDX identifier or the licence's name, e.g. `CC0-1.0`, `CC-BY-4.0`, `GPL-3.0-or-later`, `proprietary`. */
  readonly name: string;
  /** Who to credit and for what, e.g. "“Lorelei” by Lisa Wischofsky, CC0 1.0"; omitted when nothing is owed. */
  readonly attribution?: string;
  /** Where the licence or the source can be read. */
  readonly url?: string;
}

/** What a provider says about a render, beyond its bytes. */
export interface RenderMeta {
  /** The provider's id (its manifest name), e.g. `local`, `espeak`, `openai`. */
  readonly provider: string;
  /** The model, voice or style that produced it, e.g. `espeak-ng 1.51 en-us`, `gpt-image-1`, `dicebear lorelei`. */
  readonly model: string;
  readonly licence: Licence;
  /** Images: pixel size. */
  readonly width?: number;
  readonly height?: number;
  /** Audio: duration in milliseconds, sample rate and channels. */
  readonly durationMs?: number;
  readonly sampleRate?: number;
  readonly channels?: number;
  /** Estimated cost of the call in US dollars (0 for local providers). */
  readonly costUsd: number;
  /** True when the output is composed procedurally rather than generated from the prompt by a model. */
  readonly procedural?: boolean;
}

/** The output of one render: encoded bytes, their type, what produced them. */
export interface Rendered {
  readonly bytes: Uint8Array;
  readonly mime: ArtifactMime;
  readonly meta: RenderMeta;
}

/** What every provider call gets: cancellation (job cancelled, timeout) and a progress callback. */
export interface RenderContext {
  /** Aborted when the job is cancelled or the call's timeout passes; providers stop as soon as they can. */
  readonly signal: AbortSignal;
  /** Reports progress as a fraction in [0, 1]; optional for providers, cheap to call. */
  readonly progress: (fraction: number) => void;
}

export interface TtsRequest {
  /** The text to speak, already validated (non-empty, within the configured limit). */
  readonly text: string;
  /** A voice id the provider lists in {@link TtsProvider.voices}; the provider's default when omitted. */
  readonly voice?: string;
  readonly language: MediaLanguage;
  /** Speaking rate relative to normal, 0.5–2. */
  readonly speed?: number;
}

export interface Voice {
  readonly id: string;
  readonly language: MediaLanguage;
  /** Human-readable name shown in the voice picker. */
  readonly label: string;
}

/** Text to speech: a PCM WAV file (`audio/wav`). */
export interface TtsProvider {
  readonly id: string;
  readonly voices: readonly Voice[];
  synthesize(request: TtsRequest, context: RenderContext): Promise<Rendered>;
}

/** Sizes the image and avatar requests accept (square and the two card formats). */
export const IMAGE_SIZES = ['512x512', '768x512', '512x768', '1024x1024'] as const;
export type ImageSize = (typeof IMAGE_SIZES)[number];

export interface ImageRequest {
  /** What to show (a scene or a location), validated non-empty. */
  readonly prompt: string;
  /** A style id the provider lists in {@link ImageProvider.styles}. */
  readonly style?: string;
  readonly size: ImageSize;
  /** The same seed, prompt, style and size give the same bytes on deterministic providers. */
  readonly seed: number;
  readonly language: MediaLanguage;
}

export interface Style {
  readonly id: string;
  readonly label: string;
  readonly licence: Licence;
}

/** Scene and location illustrations: `image/webp` of the requested size. */
export interface ImageProvider {
  readonly id: string;
  readonly styles: readonly Style[];
  render(request: ImageRequest, context: RenderContext): Promise<Rendered>;
}

export interface AvatarRequest {
  /** What the portrait is derived from: deterministic providers give the same bytes for the same seed and style. */
  readonly seed: string;
  readonly style?: string;
  /** Square size in pixels, 64–1024. */
  readonly size: number;
}

/** Character portraits: a square `image/webp`. */
export interface AvatarProvider {
  readonly id: string;
  readonly styles: readonly Style[];
  render(request: AvatarRequest, context: RenderContext): Promise<Rendered>;
}

/** Parses `"768x512"` into pixels. */
export function parseImageSize(size: ImageSize): {
  readonly width: number;
  readonly height: number;
} {
  const [width, height] = size.split('x').map(Number) as [number, number];
  return { width, height };
}
