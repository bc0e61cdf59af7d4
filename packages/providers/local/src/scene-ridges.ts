import type { Random } from './random';
import { between } from './random';
import type { Canvas, Layer } from './scene-canvas';
import { heightAt } from './scene-canvas';
import type { Point } from './svg';
import { mix, n, polygonPath, smoothPath } from './svg';

/** A jagged outline by midpoint displacement: mountains. `roughness` < 1 damps each finer level. */
export function fractalRidge(random: Random, from: number, to: number, base: number, amplitude: number, roughness: number, levels = 7): Point[] {
  const count = 2 ** levels;
  const ys: number[] = Array.from({ length: count + 1 }, () => base);
  ys[0] = base + (random() - 0.5) * amplitude;
  ys[count] = base + (random() - 0.5) * amplitude;
  let step = count;
  let scale = amplitude;
  while (step > 1) {
    const half = step / 2;
    for (let i = half; i < count; i += step) ys[i] = ((ys[i - half] ?? base) + (ys[i + half] ?? base)) / 2 + (random() - 0.5) * scale;
    scale *= roughness;
    step = half;
  }
  return ys.map((y, i) => [from + ((to - from) * i) / count, y] as const);
}

/**
 * A mountain range: a few seeded peaks (concave tents, the highest wins) with fractal detail that
 * is rougher near the summits.
 */
export function peakRidge(random: Random, from: number, to: number, base: number, height: number, peaks: number, detail: number): Point[] {
  const span = to - from;
  const tents = Array.from({ length: peaks }, () => ({
    x: between(random, from + span * 0.05, to - span * 0.05),
    h: height * between(random, 0.45, 1),
    w: span * between(random, 0.14, 0.32),
  }));
  const swell = random() * Math.PI * 2;
  return fractalRidge(random, from, to, 0, detail, 0.62).map(([x, noise]) => {
    let lift = height * 0.12 * (1 + Math.sin(((x - from) / span) * Math.PI * 2 + swell));
    for (const tent of tents) {
      const f = 1 - Math.abs(x - tent.x) / tent.w;
      if (f > 0) lift = Math.max(lift, tent.h * f ** 1.35);
    }
    return [x, base - lift + noise * (0.5 + lift / height)] as const;
  });
}

/** A rolling outline from two seeded waves and a little noise: hills, dunes, forest edges. */
export function rollingRidge(random: Random, from: number, to: number, base: number, amplitude: number, points = 14, sharpness = 0): Point[] {
  const [f1, f2] = [between(random, 1.2, 2.4), between(random, 3, 5.5)];
  const [p1, p2] = [random() * Math.PI * 2, random() * Math.PI * 2];
  return Array.from({ length: points + 1 }, (_, i) => {
    const t = i / points;
    let wave = Math.sin(t * Math.PI * f1 + p1) * 0.65 + Math.sin(t * Math.PI * f2 + p2) * 0.35;
    // Dunes: a crest that is sharper than the trough.
    if (sharpness > 0) wave = wave - sharpness * Math.abs(wave) * 0.8;
    return [from + (to - from) * t, base - wave * amplitude + (random() - 0.5) * amplitude * 0.25] as const;
  });
}

/** Keeps an outline below `top`, so peaks do not touch the frame. */
export const clampTop = (points: readonly Point[], top: number): Point[] => points.map(([x, y]) => [x, Math.max(top, y)] as const);

/** The closed shape below an outline, down past the bottom edge. */
export function groundPath(canvas: Canvas, points: readonly Point[], smooth: boolean): string {
  const { width, height } = canvas;
  const bottom = `L${n(width + 20)} ${n(height + 20)}L-20 ${n(height + 20)}Z`;
  return smooth ? smoothPath(points) + bottom : polygonPath(points).slice(0, -1) + bottom;
}

/** Fills a layer with a vertical gradient (its top `crest` of the way to the glow), a lit rim (painted) or an ink line (ink). */
export function drawLayer(canvas: Canvas, layer: Layer, smooth: boolean, crest = 0.1): string {
  const { look, unit } = canvas;
  const id = canvas.id('land');
  const top = Math.min(...layer.points.map(([, y]) => y));
  const lift = look.outline === undefined ? crest : 0;
  canvas.defs.push(
    `<linearGradient id="${id}" gradientUnits="userSpaceOnUse" x1="0" y1="${n(top)}" x2="0" y2="${n(canvas.height)}">` +
      `<stop offset="0" stop-color="${mix(layer.color, look.glow, lift)}"/><stop offset="1" stop-color="${mix(layer.color, look.near, 0.35)}"/></linearGradient>`,
  );
  let svg = `<path d="${groundPath(canvas, layer.points, smooth)}" fill="url(#${id})"/>`;
  const line = smooth ? smoothPath(layer.points) : polygonPath(layer.points).slice(0, -1);
  if (look.outline !== undefined && layer.depth > 0.4) svg += hatching(canvas, layer);
  if (look.outline !== undefined) {
    svg += `<path d="${line}" fill="none" stroke="${look.outline}" stroke-width="${n((0.7 + 1.3 * layer.depth) * unit)}" stroke-linejoin="round" opacity="${n(0.55 + 0.45 * layer.depth)}"/>`;
  } else {
    svg += `<path d="${line}" fill="none" stroke="${mix(layer.color, look.glow, 0.45)}" stroke-width="${n(1.1 * unit)}" stroke-linejoin="round" opacity="${n(look.rim * (1 - layer.depth))}"/>`;
  }
  return svg;
}

/**
 * Pen strokes hanging from the crest of a near layer. Drawn as plain lines: an SVG pattern would
 * look the same and cost several times the render time in librsvg.
 */
function hatching(canvas: Canvas, layer: Layer): string {
  const { width, unit, random, look } = canvas;
  let d = '';
  for (let x = -10; x < width + 10; x += between(random, 2.5, 4.5) * unit) {
    const length = between(random, 5, 20) * unit * (0.4 + layer.depth);
    const y = heightAt(layer.points, x) + between(random, 1.5, 4) * unit;
    d += `M${n(x)} ${n(y)}l${n(-length * 0.55)} ${n(length)}`;
  }
  return `<path d="${d}" stroke="${look.outline ?? '#000000'}" stroke-width="${n(0.55 * unit)}" opacity="${n(0.25 + 0.3 * layer.depth)}" fill="none"/>`;
}

/**
 * Haze over the foot of a layer, thickening downwards: what makes the far ridges recede. The next
 * layer covers most of it; where it does not, the ground is lost in mist.
 */
export function drawHaze(canvas: Canvas, layer: Layer, strength: number): string {
  const { width, height, look } = canvas;
  const ys = layer.points.map(([, y]) => y);
  const top = Math.min(...ys);
  const bottom = Math.max(...ys) + (canvas.height - canvas.horizon) * 0.12;
  const id = canvas.id('haze');
  const mid = (bottom - top) / (height - top);
  canvas.defs.push(
    `<linearGradient id="${id}" gradientUnits="userSpaceOnUse" x1="0" y1="${n(top)}" x2="0" y2="${n(height)}">` +
      `<stop offset="0" stop-color="${look.mist}" stop-opacity="0"/><stop offset="${n(Math.min(1, mid))}" stop-color="${look.mist}" stop-opacity="${n(strength)}"/>` +
      `<stop offset="1" stop-color="${look.mist}" stop-opacity="${n(strength)}"/></linearGradient>`,
  );
  return `<rect x="0" y="${n(top)}" width="${width}" height="${n(height - top)}" fill="url(#${id})"/>`;
}

/** Caps of snow on a jagged outline: the band between the ridge and a ragged snow line. */
export function snowCaps(canvas: Canvas, points: readonly Point[], snowLine: number): string {
  const { random, look } = canvas;
  const ragged = points.map(([x]) => [x, snowLine + (random() - 0.5) * (canvas.horizon * 0.05)] as const);
  const upper = points.map(([x, y], i) => [x, Math.min(y, ragged[i]?.[1] ?? snowLine)] as const);
  const shape = [...upper, ...[...ragged].reverse()];
  return `<path d="${polygonPath(shape)}" fill="${look.snow}" opacity="0.92"/>`;
}
