import type { Random } from './random';
import type { Look } from './scene-look';
import type { ScenePlan } from './scene-plan';
import type { Point } from './svg';

/** What every drawing function of a scene gets: the size, the seeded PRNG, the plan and colours, and a place for defs. */
export interface Canvas {
  readonly width: number;
  readonly height: number;
  /** One unit is a pixel on a 512-pixel side; sizes of things scale with it. */
  readonly unit: number;
  /** Height of the horizon (where the sky meets the farthest land or the sea). */
  readonly horizon: number;
  readonly random: Random;
  readonly plan: ScenePlan;
  readonly look: Look;
  /** Gradients, clip paths and filters, written into `<defs>`. */
  readonly defs: string[];
  /** A fresh id for a def. */
  id(prefix: string): string;
}

export function createCanvas(width: number, height: number, random: Random, plan: ScenePlan, look: Look): Canvas {
  let next = 0;
  const portrait = height > width;
  return {
    width,
    height,
    unit: Math.min(width, height) / 512,
    horizon: height * (portrait ? 0.5 : 0.56),
    random,
    plan,
    look,
    defs: [],
    id: (prefix) => `${prefix}${next++}`,
  };
}

/** One ridge of land, far to near: its outline (left to right) and fill. */
export interface Layer {
  readonly points: readonly Point[];
  readonly color: string;
  /** 0 for the farthest layer, 1 for the nearest. */
  readonly depth: number;
}

/** The height of an outline at `x`, linearly between its points. */
export function heightAt(points: readonly Point[], x: number): number {
  const first = points[0];
  if (first === undefined) return 0;
  let previous = first;
  for (const point of points) {
    if (point[0] >= x) {
      const span = point[0] - previous[0];
      return span <= 0 ? point[1] : previous[1] + ((point[1] - previous[1]) * (x - previous[0])) / span;
    }
    previous = point;
  }
  return previous[1];
}
