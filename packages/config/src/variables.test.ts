import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './index';
import { variables } from './variables';

describe('the openai provider’s variables', () => {
  it('are unset by default (the provider applies its own model defaults) and parse when given', () => {
    expect(loadConfig({})).toMatchObject({ openaiApiKey: undefined, openaiBaseUrl: undefined, openaiTtsModel: undefined, openaiImageModel: undefined });
    expect(
      loadConfig({ OPENAI_API_KEY: ' sk-proj-abc ', OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1', OPENAI_TTS_MODEL: 'tts-1', OPENAI_IMAGE_MODEL: 'dall-e-3' }),
    ).toMatchObject({ openaiApiKey: 'sk-proj-abc', openaiBaseUrl: 'http://127.0.0.1:8000/v1', openaiTtsModel: 'tts-1', openaiImageModel: 'dall-e-3' });
  });

  it('keep the key secret and stop start-up on a base URL that is not http(s)', () => {
    expect(variables.openaiApiKey.secret).toBe(true);
    expect(() => loadConfig({ OPENAI_BASE_URL: 'api.openai.com/v1' })).toThrow(ConfigError);
    expect(() => loadConfig({ OPENAI_BASE_URL: 'ftp://example.com/v1' })).toThrow(/OPENAI_BASE_URL must be an http:\/\/ or https:\/\/ URL/);
  });

  it('leave the provider defaults as they were: TTS_PROVIDER=openai is chosen explicitly, also when a key is set', () => {
    expect(loadConfig({ OPENAI_API_KEY: 'sk-proj-abc' })).toMatchObject({ ttsProvider: 'espeak', imageProvider: 'local', avatarProvider: 'local' });
    expect(loadConfig({ OPENAI_API_KEY: 'sk-proj-abc', TTS_PROVIDER: 'openai', IMAGE_PROVIDER: 'openai' })).toMatchObject({
      ttsProvider: 'openai',
      imageProvider: 'openai',
    });
  });
});
