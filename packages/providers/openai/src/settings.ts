import OpenAI from 'openai';

/** The models used when `OPENAI_TTS_MODEL` / `OPENAI_IMAGE_MODEL` are unset. */
export const DEFAULT_TTS_MODEL = 'gpt-4o-mini-tts';
export const DEFAULT_IMAGE_MODEL = 'gpt-image-1';
export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** What the provider reads from the environment (see the package README). */
export interface OpenAiSettings {
  readonly apiKey: string;
  /** The API's base URL, ending in `/v1` for OpenAI and most compatible servers. */
  readonly baseURL: string;
  readonly ttsModel: string;
  readonly imageModel: string;
}

const setting = (env: Readonly<Record<string, string | undefined>>, name: string): string | undefined => {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
};

/**
 * Reads `OPENAI_API_KEY` (required), `OPENAI_BASE_URL`, `OPENAI_TTS_MODEL` and `OPENAI_IMAGE_MODEL`.
 * Throws with a message naming the variable; the loader turns it into a start-up error.
 */
export function readOpenAiSettings(env: Readonly<Record<string, string | undefined>>): OpenAiSettings {
  const apiKey = setting(env, 'OPENAI_API_KEY');
  if (apiKey === undefined)
    throw new Error('OPENAI_API_KEY is not set: the openai provider needs an API key (any value for an OpenAI-compatible server that takes none)');
  const baseURL = setting(env, 'OPENAI_BASE_URL') ?? DEFAULT_BASE_URL;
  if (!URL.canParse(baseURL) || !/^https?:$/.test(new URL(baseURL).protocol))
    throw new Error(`OPENAI_BASE_URL must be an http(s) URL such as ${DEFAULT_BASE_URL}`);
  return {
    apiKey,
    baseURL,
    ttsModel: setting(env, 'OPENAI_TTS_MODEL') ?? DEFAULT_TTS_MODEL,
    imageModel: setting(env, 'OPENAI_IMAGE_MODEL') ?? DEFAULT_IMAGE_MODEL,
  };
}

/**
 * The SDK client. Everything it would otherwise read from `process.env` by itself is given
 * (organization and project too), and its own retries are off: the jobs runner owns retries,
 * timeouts and the circuit breaker. The runner's timeout aborts the call through the signal.
 */
export function createOpenAiClient(settings: OpenAiSettings): OpenAI {
  return new OpenAI({
    apiKey: settings.apiKey,
    baseURL: settings.baseURL,
    adminAPIKey: null,
    organization: null,
    project: null,
    webhookSecret: null,
    maxRetries: 0,
  });
}
