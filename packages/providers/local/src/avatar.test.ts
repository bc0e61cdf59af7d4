import { runAvatarConformance, testRenderContext } from '@rpg-bot/spi/testing';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createDicebearAvatars, DEFAULT_AVATAR_STYLE } from './avatar';

runAvatarConformance('local dicebear', { create: () => createDicebearAvatars(), deterministic: true });

describe('DiceBear avatars', () => {
  const avatars = createDicebearAvatars();

  it('serves only CC0 1.0 and CC BY 4.0 artwork, crediting the artist', () => {
    expect(avatars.styles.map((s) => s.id)).toEqual(['lorelei', 'adventurer', 'notionists', 'open-peeps', 'micah', 'personas', 'pixel-art']);
    for (const style of avatars.styles) {
      expect(['CC0-1.0', 'CC-BY-4.0']).toContain(style.licence.name);
      expect(style.licence.attribution).toMatch(/^“.+” by .+, CC(0 1\.0| BY 4\.0)$/);
      expect(style.licence.url).toMatch(/^https:\/\//);
      // The SPDX id agrees with the display name DiceBear's meta gives.
      expect(style.licence.attribution?.endsWith(style.licence.name === 'CC0-1.0' ? 'CC0 1.0' : 'CC BY 4.0'), style.id).toBe(true);
    }
    const byId = new Map(avatars.styles.map((s) => [s.id, s.licence]));
    expect(byId.get('lorelei')).toEqual({ name: 'CC0-1.0', attribution: '“Lorelei” by Lisa Wischofsky, CC0 1.0', url: 'https://www.figma.com/community/file/1198749693280469639' });
    expect(byId.get('adventurer')?.attribution).toBe('“Adventurer” by Lisa Wischofsky, CC BY 4.0');
    expect(byId.get('personas')?.attribution).toBe('“Personas by Draftbit” by Draftbit - draftbit.com, CC BY 4.0');
  });

  it('decodes as a WebP of the requested size, from 64 to 1024 pixels', async () => {
    for (const size of [64, 256, 1024]) {
      const rendered = await avatars.render({ seed: 'Elara Moonwhisper', size }, testRenderContext());
      const info = await sharp(rendered.bytes).metadata();
      expect({ format: info.format, width: info.width, height: info.height }).toEqual({ format: 'webp', width: size, height: size });
    }
  });

  it('draws a picture, not a flat colour, in every style', async () => {
    for (const style of avatars.styles) {
      const rendered = await avatars.render({ seed: 'Borin Stonefist', style: style.id, size: 128 }, testRenderContext());
      const { channels } = await sharp(rendered.bytes).stats();
      expect(Math.max(...channels.map((c) => c.stdev)), style.id).toBeGreaterThan(10);
    }
  });

  it('uses lorelei when no style is asked for, and describes the render', async () => {
    const context = testRenderContext();
    const rendered = await avatars.render({ seed: 'Elara', size: 96 }, context);
    expect(DEFAULT_AVATAR_STYLE).toBe('lorelei');
    expect(rendered.meta).toMatchObject({ provider: 'local', model: 'dicebear lorelei', width: 96, height: 96, costUsd: 0 });
    expect(rendered.meta.procedural).toBeUndefined();
    expect(context.reported.at(-1)).toBe(1);
  });

  it('gives byte-identical output for the same seed, style and size in every style', async () => {
    for (const style of avatars.styles) {
      const request = { seed: 'Thorin', style: style.id, size: 160 };
      const [a, b] = [await avatars.render(request, testRenderContext()), await avatars.render(request, testRenderContext())];
      expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes)), style.id).toBe(true);
    }
  });

  it('refuses an unknown style, naming the valid ones', async () => {
    const rejection = avatars.render({ seed: 'x', style: 'avataaars', size: 64 }, testRenderContext());
    await expect(rejection).rejects.toThrow('unknown avatar style "avataaars"; the styles are lorelei, adventurer, notionists, open-peeps, micah, personas, pixel-art');
    // Refused: the jobs service does not retry a request that cannot succeed.
    await expect(rejection).rejects.toMatchObject({ name: 'ProviderError', kind: 'refused' });
  });

  it('refuses a size outside 64–1024 pixels', async () => {
    for (const size of [0, 63, 1025, 100.5, Number.NaN]) {
      await expect(avatars.render({ seed: 'x', size }, testRenderContext())).rejects.toMatchObject({ kind: 'refused', message: expect.stringContaining('from 64 to 1024') as unknown });
    }
  });

  it('does not start when the call is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('job cancelled'));
    const context = testRenderContext(controller.signal);
    await expect(avatars.render({ seed: 'x', size: 64 }, context)).rejects.toThrow('job cancelled');
    expect(context.reported).toEqual([]);
  });

  it('records the provider id it was created with', async () => {
    const rendered = await createDicebearAvatars('offline').render({ seed: 'x', size: 64 }, testRenderContext());
    expect(rendered.meta.provider).toBe('offline');
  });
});
