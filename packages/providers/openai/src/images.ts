import type { AvatarProvider, AvatarRequest, ImageProvider, ImageRequest, MediaLanguage, RenderContext, Rendered } from '@rpg-bot/spi';
import { parseImageSize, parseWebpHeader, ProviderError } from '@rpg-bot/spi';
import type OpenAI from 'openai';
import sharp from 'sharp';
import { toProviderError } from './errors';
import type { ImageQuality } from './prices';
import { imageCostUsd } from './prices';
import type { OpenAiStyle } from './styles';
import { openAiStyles, pickStyle } from './styles';

export interface OpenAiImageOptions {
  readonly client: OpenAI;
  readonly model: string;
  /** `medium` by default; DALL·E 3 maps `high` to `hd` and the others to `standard`. */
  readonly quality?: ImageQuality;
  /** For `retry-after` dates; the process clock by default. */
  readonly clock?: () => number;
}

const isDallE = (model: string): boolean => model.startsWith('dall-e');

/**
 * The size to ask the API for: the model's size of the same orientation (the SPI's 768×512 and
 * 512×768 are 3:2 like gpt-image's 1536×1024 and 1024×1536); the result is scaled down to the request.
 */
export function apiImageSize(model: string, width: number, height: number): string {
  const long = model.startsWith('dall-e-3') ? 1792 : 1536;
  if (width > height) return `${long}x1024`;
  if (height > width) return `1024x${long}`;
  return '1024x1024';
}

/** What the request body says beyond prompt and size; only what the model accepts. */
function modelParameters(model: string, quality: ImageQuality): Record<string, string> {
  if (model.startsWith('dall-e-3')) return { quality: quality === 'high' ? 'hd' : 'standard', response_format: 'b64_json' };
  if (isDallE(model)) return { response_format: 'b64_json' };
  return { quality }; // GPT image models always answer with b64_json and take no response_format
}

const LANGUAGE_NAMES: Readonly<Record<MediaLanguage, string>> = { en: 'English', ru: 'Russian' };

/** The prompt for a scene: what to show, in which style, and no lettering (models garble it). */
export function scenePrompt(request: ImageRequest, style: OpenAiStyle): string {
  return [
    `A scene for a tabletop role-playing game, as ${style.prompt}.`,
    `The scene (described in ${LANGUAGE_NAMES[request.language]}): ${request.prompt.trim()}`,
    'No text, letters, captions, borders or watermarks.',
  ].join('\n');
}

/** The prompt for a portrait: the character's name (the avatar's seed) is all we know of them. */
export function portraitPrompt(request: AvatarRequest, style: OpenAiStyle): string {
  return [
    `A head-and-shoulders portrait of a fantasy tabletop role-playing game character named "${request.seed.trim()}", as ${style.prompt}.`,
    'The face centred and looking at the viewer, a plain muted background.',
    'No text, letters, captions, borders or watermarks.',
  ].join('\n');
}

/** Decodes the model's image (PNG, JPEG or WebP) and encodes it as a WebP of exactly `width` × `height`. */
export async function toWebp(encoded: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  const buffer = await sharp(encoded, { failOn: 'error' })
    .resize(width, height, { fit: 'cover', position: 'attention' })
    .webp({ quality: 82, effort: 4 })
    .toBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

interface Generation {
  readonly prompt: string;
  readonly width: number;
  readonly height: number;
  readonly style: OpenAiStyle;
}

/** Scene art and portraits share one call: generate, decode, scale, check, describe. */
function generator(options: OpenAiImageOptions): (generation: Generation, context: RenderContext) => Promise<Rendered> {
  const { client, model } = options;
  const quality = options.quality ?? 'medium';
  const clock = options.clock ?? Date.now;
  return async ({ prompt, width, height, style }, context) => {
    context.signal.throwIfAborted();
    const size = apiImageSize(model, width, height);
    let b64: string | undefined;
    try {
      const response = await client.images.generate({ model, prompt, size, n: 1, ...modelParameters(model, quality) }, { signal: context.signal });
      b64 = response.data?.[0]?.b64_json;
      if (b64 === undefined || b64 === '')
        throw new ProviderError(
          'failed',
          `OpenAI images: the answer has no b64_json image${response.data?.[0]?.url === undefined ? '' : ' (only a URL; this provider asks for base64)'}`,
        );
    } catch (error) {
      throw toProviderError(error, context.signal, 'images', clock);
    }
    context.progress(0.9);
    let bytes: Uint8Array;
    try {
      bytes = await toWebp(Buffer.from(b64, 'base64'), width, height);
    } catch (error) {
      throw new ProviderError('failed', `OpenAI images: the image does not decode (${error instanceof Error ? error.message : String(error)})`, {
        cause: error,
      });
    }
    context.signal.throwIfAborted();
    const info = parseWebpHeader(bytes);
    if (info.width !== width || info.height !== height)
      throw new ProviderError('failed', `openai: encoded ${info.width}x${info.height}, not ${width}x${height}`);
    context.progress(1);
    return {
      bytes,
      mime: 'image/webp',
      meta: { provider: 'openai', model, licence: style.licence, width, height, costUsd: imageCostUsd(model, quality, size) ?? 0 },
    };
  };
}

/** Scene and location art with `images.generate`, scaled to the requested size as WebP. Not deterministic: the seed is not sent. */
export function createOpenAiImages(options: OpenAiImageOptions): ImageProvider {
  const styles = openAiStyles(options.model);
  const generate = generator(options);
  return {
    id: 'openai',
    styles: styles.map(({ id, label, licence }) => ({ id, label, licence })),
    render(request: ImageRequest, context: RenderContext): Promise<Rendered> {
      return Promise.resolve().then(() => {
        const style = pickStyle(styles, request.style);
        const { width, height } = parseImageSize(request.size);
        return generate({ prompt: scenePrompt(request, style), width, height, style }, context);
      });
    },
  };
}

/** Character portraits: a square image from a prompt built from the character's name, scaled to the requested size. */
export function createOpenAiAvatars(options: OpenAiImageOptions): AvatarProvider {
  const styles = openAiStyles(options.model);
  const generate = generator(options);
  return {
    id: 'openai',
    styles: styles.map(({ id, label, licence }) => ({ id, label, licence })),
    render(request: AvatarRequest, context: RenderContext): Promise<Rendered> {
      return Promise.resolve().then(() => {
        const style = pickStyle(styles, request.style);
        if (!Number.isInteger(request.size) || request.size < 64 || request.size > 1024)
          throw new ProviderError('refused', `openai: avatar size must be an integer from 64 to 1024, got ${request.size}`);
        return generate({ prompt: portraitPrompt(request, style), width: request.size, height: request.size, style }, context);
      });
    },
  };
}
