import type { ProviderContext } from '@rpg-bot/spi';
import { describe, expect, it } from 'vitest';
import { manifest } from './index';

describe('manifest', () => {
  it('serves avatars and images as `local`, each factory building its provider', async () => {
    expect({ id: manifest.id, licence: manifest.licence }).toEqual({ id: 'local', licence: 'MIT' });
    // The factories read nothing from the context: no settings, no network, no files.
    const context = {} as ProviderContext;
    const [avatar] = manifest.capabilities.avatar ?? [];
    const [image] = manifest.capabilities.image ?? [];
    expect(avatar?.name).toBe('dicebear');
    expect(image?.name).toBe('scene');
    expect((await avatar?.create(context))?.id).toBe('local');
    expect((await image?.create(context))?.id).toBe('local');
    expect(Object.keys(manifest.capabilities).sort()).toEqual(['avatar', 'image']);
  });
});
