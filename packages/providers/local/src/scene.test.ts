import { IMAGE_SIZES, parseImageSize } from '@rpg-bot/spi';
import { runImageConformance, testRenderContext } from '@rpg-bot/spi/testing';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createSceneCards, DEFAULT_SCENE_STYLE, planFor, SCENE_LICENCE } from './scene';
import { composeScene } from './scene-svg';

runImageConformance('local scene', { create: () => createSceneCards(), deterministic: true });

const scenes = createSceneCards();
const render = (prompt: string, extra: { style?: string; size?: (typeof IMAGE_SIZES)[number]; seed?: number; language?: 'en' | 'ru' } = {}) =>
  scenes.render({ prompt, size: extra.size ?? '512x512', seed: extra.seed ?? 1, language: extra.language ?? 'en', ...(extra.style === undefined ? {} : { style: extra.style }) }, testRenderContext());

async function decoded(bytes: Uint8Array): Promise<{ format: string | undefined; width: number | undefined; height: number | undefined }> {
  const { format, width, height } = await sharp(bytes).metadata();
  return { format, width, height };
}

describe('procedural scene cards', () => {
  it('decodes as a WebP of exactly each requested size', async () => {
    for (const size of IMAGE_SIZES) {
      const rendered = await render('A harbour city on the coast at sunset', { size });
      const { width, height } = parseImageSize(size);
      expect(await decoded(rendered.bytes)).toEqual({ format: 'webp', width, height });
      expect(rendered.meta).toEqual({ provider: 'local', model: 'procedural scene v1', licence: SCENE_LICENCE, width, height, costUsd: 0, procedural: true });
    }
  });

  it('lists its styles with our own CC0 licence and uses painted by default', async () => {
    expect(scenes.styles.map((s) => s.id)).toEqual(['painted', 'ink', 'night']);
    for (const style of scenes.styles) expect(style.licence).toEqual({ name: 'CC0-1.0', attribution: 'Procedural scene card by RPG-Bot', url: 'https://creativecommons.org/publicdomain/zero/1.0/' });
    expect(DEFAULT_SCENE_STYLE).toBe('painted');
    const [implicit, explicit] = [await render('Old mill by the river'), await render('Old mill by the river', { style: 'painted' })];
    expect(Buffer.from(implicit.bytes).equals(Buffer.from(explicit.bytes))).toBe(true);
  });

  it('draws a picture in every terrain and style, not a flat placeholder', async () => {
    for (const prompt of ['Snowy mountain pass', 'Dark forest', 'Rolling hills', 'Stormy sea', 'Desert dunes', 'The crypt', 'Castle on the hill', 'Вулкан']) {
      for (const style of ['painted', 'ink', 'night']) {
        const { channels } = await sharp((await render(prompt, { style })).bytes).stats();
        expect(Math.max(...channels.map((c) => c.stdev)), `${prompt} / ${style}`).toBeGreaterThan(20);
      }
    }
  });

  it('chooses the terrain from the prompt: forest and desert differ', () => {
    expect(planFor('A forest clearing', 5).terrain).toBe('forest');
    expect(planFor('A desert clearing', 5).terrain).toBe('desert');
  });

  it('changes the picture with the style and the seed, and not otherwise', async () => {
    const hashes = new Set<string>();
    for (const [style, seed] of [['painted', 1], ['ink', 1], ['night', 1], ['painted', 2], ['painted', 1]] as const) {
      hashes.add(Buffer.from((await render('A misty valley', { style, seed })).bytes).toString('base64'));
    }
    expect(hashes.size).toBe(4);
  });

  it('renders an XML-hostile prompt, escaped', async () => {
    const prompt = `<script>alert("x")</script> & 'quotes' ]]> <!-- -->`;
    const svg = composeScene({ prompt, style: 'painted', width: 512, height: 512, seed: 1, language: 'en' });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(svg).toContain('&amp; &apos;quotes&apos; ]]&gt; &lt;!-- --&gt;');
    expect(await decoded((await render(prompt)).bytes)).toEqual({ format: 'webp', width: 512, height: 512 });
  });

  it('renders control characters and lone surrogates in the prompt', async () => {
    expect(await decoded((await render('Vault\u0000 of\u001b the \uD83D Deep\uFFFF')).bytes)).toMatchObject({ format: 'webp' });
  });

  it('renders a 2,000-character prompt, with its title cut to the band', async () => {
    const prompt = 'Beyond the ridge the road descends into a valley of broken towers and silent bells; '.repeat(25).slice(0, 2000);
    expect(prompt).toHaveLength(2000);
    const svg = composeScene({ prompt, style: 'ink', width: 768, height: 512, seed: 3, language: 'en' });
    expect(svg).toContain('…</tspan>');
    expect(svg.match(/<tspan/g)?.length).toBeLessThanOrEqual(4); // two lines, drawn once (ink has no shadow copy)
    expect(await decoded((await render(prompt, { size: '768x512' })).bytes)).toEqual({ format: 'webp', width: 768, height: 512 });
  });

  it('renders a Russian prompt with its title and a Russian corner label', async () => {
    const prompt = 'Заброшенная башня над туманной долиной';
    const svg = composeScene({ prompt, style: 'painted', width: 512, height: 768, seed: 1, language: 'ru' });
    expect(svg).toContain('ПРОЦЕДУРНАЯ');
    expect(svg).toContain('туманной');
    const rendered = await render(prompt, { size: '512x768', language: 'ru' });
    expect(await decoded(rendered.bytes)).toEqual({ format: 'webp', width: 512, height: 768 });
  });

  it('labels every card as procedural', () => {
    expect(composeScene({ prompt: 'A tavern', style: 'night', width: 512, height: 512, seed: 1, language: 'en' })).toContain('>PROCEDURAL</text>');
  });

  it('refuses an unknown style or size, naming the valid ones', async () => {
    const rejection = render('A tavern', { style: 'photo' });
    await expect(rejection).rejects.toThrow('unknown scene style "photo"; the styles are painted, ink, night');
    await expect(rejection).rejects.toMatchObject({ name: 'ProviderError', kind: 'refused' });
    const request = { prompt: 'A tavern', size: '640x480', seed: 1, language: 'en' } as unknown as Parameters<typeof scenes.render>[0];
    await expect(scenes.render(request, testRenderContext())).rejects.toThrow('unknown image size "640x480"; the sizes are 512x512, 768x512, 512x768, 1024x1024');
  });

  it('does not start when the call is already aborted, and reports progress to 1 otherwise', async () => {
    const controller = new AbortController();
    controller.abort(new Error('timeout'));
    const request = { prompt: 'A tavern', size: '512x512', seed: 1, language: 'en' } as const;
    await expect(scenes.render(request, testRenderContext(controller.signal))).rejects.toThrow('timeout');
    const context = testRenderContext();
    await scenes.render(request, context);
    expect(context.reported.at(-1)).toBe(1);
  });
});
