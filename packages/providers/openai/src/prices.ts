/**
 * Estimated prices of the OpenAI models this provider knows, in US dollars, from OpenAI's price
 * list (https://openai.com/api/pricing) as we last read it (see the README for the date). They
 * are estimates for `meta.costUsd` and the usage summary, not a bill: a model missing here costs 0
 * (an OpenAI-compatible server's own model, or a new one) and the provider logs that once.
 */

/** US dollars per 1M input characters. `gpt-4o-mini-tts` is billed in tokens; OpenAI estimates $0.015 a minute, ≈ $15 per 1M characters. */
export const TTS_USD_PER_MILLION_CHARACTERS: Readonly<Record<string, number>> = {
  'gpt-4o-mini-tts': 15,
  'tts-1': 15,
  'tts-1-hd': 30,
};

/** The image qualities this provider asks for. */
export type ImageQuality = 'low' | 'medium' | 'high';

/** US dollars per generated image by model, quality and the size asked of the API. */
export const IMAGE_USD: Readonly<Record<string, Readonly<Record<ImageQuality, Readonly<Record<string, number>>>>>> = {
  'gpt-image-1': {
    low: { '1024x1024': 0.011, '1536x1024': 0.016, '1024x1536': 0.016 },
    medium: { '1024x1024': 0.042, '1536x1024': 0.063, '1024x1536': 0.063 },
    high: { '1024x1024': 0.167, '1536x1024': 0.25, '1024x1536': 0.25 },
  },
  'gpt-image-1-mini': {
    low: { '1024x1024': 0.005, '1536x1024': 0.006, '1024x1536': 0.006 },
    medium: { '1024x1024': 0.011, '1536x1024': 0.015, '1024x1536': 0.015 },
    high: { '1024x1024': 0.036, '1536x1024': 0.052, '1024x1536': 0.052 },
  },
  // DALL·E 3 has two qualities: standard (for low and medium) and hd (for high).
  'dall-e-3': {
    low: { '1024x1024': 0.04, '1792x1024': 0.08, '1024x1792': 0.08 },
    medium: { '1024x1024': 0.04, '1792x1024': 0.08, '1024x1792': 0.08 },
    high: { '1024x1024': 0.08, '1792x1024': 0.12, '1024x1792': 0.12 },
  },
};

const round = (usd: number): number => Math.round(usd * 1e6) / 1e6;

/** What speaking `text` with `model` costs; undefined for a model we have no price for. */
export function ttsCostUsd(model: string, text: string): number | undefined {
  const perMillion = TTS_USD_PER_MILLION_CHARACTERS[model];
  return perMillion === undefined ? undefined : round((Array.from(text).length * perMillion) / 1_000_000);
}

/** What one image of `apiSize` at `quality` costs with `model`; undefined for a model or size we have no price for. */
export function imageCostUsd(model: string, quality: ImageQuality, apiSize: string): number | undefined {
  return IMAGE_USD[model]?.[quality][apiSize];
}
