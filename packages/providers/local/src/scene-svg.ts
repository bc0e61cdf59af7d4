import type { MediaLanguage } from '@rpg-bot/spi';
import { hashString, mulberry32 } from './random';
import { drawLandmark } from './scene-buildings';
import { createCanvas } from './scene-canvas';
import { drawCard, drawWeather } from './scene-card';
import { drawDungeon } from './scene-dungeon';
import { drawLand } from './scene-land';
import type { SceneStyle } from './scene-look';
import { resolveLook } from './scene-look';
import type { ScenePlan } from './scene-plan';
import { planScene } from './scene-plan';
import { drawSky } from './scene-sky';

export interface SceneInput {
  readonly prompt: string;
  readonly style: SceneStyle;
  readonly width: number;
  readonly height: number;
  readonly seed: number;
  readonly language: MediaLanguage;
}

/**
 * The seeds of a scene. The plan and the drawing depend on the prompt and the seed only, so the
 * same request in another style shows the same place.
 */
function seeds(prompt: string, seed: number): { readonly plan: number; readonly drawing: number } {
  const base = hashString(prompt, hashString(String(seed >>> 0)));
  return { plan: base, drawing: hashString('drawing', base) };
}

/** The plan a request is drawn from (what the prompt named, what the seed chose). */
export function planFor(prompt: string, seed: number): ScenePlan {
  return planScene(prompt, mulberry32(seeds(prompt, seed).plan));
}

/** The scene card as an SVG document of exactly `width` × `height` pixels. */
export function composeScene(input: SceneInput): string {
  const { width, height } = input;
  const plan = planFor(input.prompt, input.seed);
  const look = resolveLook(plan.palette, plan.terrain, input.style);
  const canvas = createCanvas(width, height, mulberry32(seeds(input.prompt, input.seed).drawing), plan, look);
  let body: string;
  if (plan.terrain === 'dungeon') {
    body = drawDungeon(canvas);
  } else {
    const sky = drawSky(canvas);
    const land = drawLand(canvas, sky);
    body = sky.svg;
    land.parts.forEach((part, i) => {
      body += part.svg;
      if (i === land.anchor && part.layer !== undefined) body += drawLandmark(canvas, part.layer);
      body += part.haze ?? '';
    });
  }
  body += drawWeather(canvas);
  const card = drawCard(canvas, input.prompt, input.language);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<defs>${canvas.defs.join('')}</defs>${body}${card}</svg>`
  );
}
