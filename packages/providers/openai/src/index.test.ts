import type { ArtifactStore, ProviderContext } from '@rpg-bot/spi';
import { defineProvider, loadProviders, MemoryArtifactStore } from '@rpg-bot/spi';
import { describe, expect, it } from 'vitest';
import { manifest } from './index';
import { DEFAULT_BASE_URL, readOpenAiSettings } from './settings';

interface Logged {
  readonly level: string;
  readonly fields: unknown;
  readonly message: string;
}

function context(env: Record<string, string>): ProviderContext & { readonly logged: Logged[] } {
  const logged: Logged[] = [];
  const log = (level: string) => (fields: unknown, message: string) => logged.push({ level, fields, message });
  const logger = { info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') };
  return {
    env,
    dataDir: '/nonexistent',
    db: {} as unknown as ProviderContext['db'],
    logger: { ...logger, child: () => logger } as unknown as ProviderContext['logger'],
    clock: () => 0,
    logged,
  };
}

const storage = defineProvider({
  id: 'storage',
  licence: 'MIT',
  capabilities: { artifacts: [{ name: 'memory', description: 'in memory', create: (): ArtifactStore => new MemoryArtifactStore() }] },
});

describe('provider-openai manifest', () => {
  it('serves tts, image and avatar, and the loader finds it by the short name openai', async () => {
    expect(manifest).toMatchObject({ id: 'openai', licence: 'MIT' });
    const imported: string[] = [];
    const loaded = await loadProviders(
      { tts: 'openai', image: 'openai', avatar: 'openai', artifacts: 'storage' },
      context({ OPENAI_API_KEY: 'sk-x' }),
      (name) => {
        imported.push(name);
        return Promise.resolve({ manifest: name === '@rpg-bot/provider-openai' ? manifest : storage });
      },
    );
    expect(imported.sort()).toEqual(['@rpg-bot/provider-openai', '@rpg-bot/provider-storage']);
    expect([loaded.tts.factory.name, loaded.image.factory.name, loaded.avatar.factory.name]).toEqual(['speech', 'images', 'portraits']);
    expect([loaded.tts.instance.id, loaded.image.instance.id, loaded.avatar.instance.id]).toEqual(['openai', 'openai', 'openai']);
  });

  it('will not start without OPENAI_API_KEY or with a bad OPENAI_BASE_URL, naming the setting', async () => {
    const tts = manifest.capabilities.tts?.[0];
    expect(tts).toBeDefined();
    await expect(async () => tts?.create(context({}))).rejects.toThrow(/^OPENAI_API_KEY is not set/);
    await expect(async () => tts?.create(context({ OPENAI_API_KEY: 'sk-x', OPENAI_BASE_URL: 'ftp://example.com' }))).rejects.toThrow(
      /^OPENAI_BASE_URL must be/,
    );
  });

  it('reads its settings with defaults, and warns once at start when the model has no price', async () => {
    expect(readOpenAiSettings({ OPENAI_API_KEY: ' sk-x ', OPENAI_TTS_MODEL: '' })).toEqual({
      apiKey: 'sk-x',
      baseURL: DEFAULT_BASE_URL,
      ttsModel: 'gpt-4o-mini-tts',
      imageModel: 'gpt-image-1',
    });
    const priced = context({ OPENAI_API_KEY: 'sk-x' });
    await manifest.capabilities.image?.[0]?.create(priced);
    expect(priced.logged.filter((l) => l.level === 'warn')).toEqual([]);
    const unpriced = context({ OPENAI_API_KEY: 'sk-x', OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1', OPENAI_IMAGE_MODEL: 'flux-schnell' });
    await manifest.capabilities.avatar?.[0]?.create(unpriced);
    expect(unpriced.logged.filter((l) => l.level === 'warn')).toEqual([
      {
        level: 'warn',
        fields: { capability: 'avatar', model: 'flux-schnell' },
        message: 'openai: no price known for this model; its calls are reported as costing 0',
      },
    ]);
    expect(JSON.stringify(unpriced.logged)).not.toContain('sk-x');
  });
});
