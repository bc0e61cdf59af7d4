import { between } from './random';
import type { Canvas, Layer } from './scene-canvas';
import { heightAt } from './scene-canvas';
import { mix, n } from './svg';

/** A fir of three tiers standing on (x, base), `h` tall, as path data. */
export function pine(x: number, base: number, h: number, lean = 0): string {
  const w = h * 0.34;
  let d = `M${n(x - w * 0.07)} ${n(base)}h${n(w * 0.14)}v${n(-h * 0.2)}h${n(-w * 0.14)}Z`;
  for (let tier = 0; tier < 3; tier++) {
    const top = base - h + tier * h * 0.24;
    const bottom = top + h * (0.36 + tier * 0.06);
    const half = w * (0.45 + tier * 0.28);
    d += `M${n(x + lean * tier)} ${n(top)}L${n(x + half)} ${n(bottom)}Q${n(x)} ${n(bottom - h * 0.05)} ${n(x - half)} ${n(bottom)}Z`;
  }
  return d;
}

/** A round-crowned tree standing on (x, base), `h` tall, as path data. */
export function broadleaf(x: number, base: number, h: number): string {
  const r = h * 0.3;
  const cy = base - h + r;
  const circle = (cx: number, cyy: number, rr: number): string => `M${n(cx - rr)} ${n(cyy)}a${n(rr)} ${n(rr)} 0 1 0 ${n(2 * rr)} 0a${n(rr)} ${n(rr)} 0 1 0 ${n(-2 * rr)} 0Z`;
  return (
    `M${n(x - h * 0.04)} ${n(base)}h${n(h * 0.08)}v${n(-h * 0.5)}h${n(-h * 0.08)}Z` +
    circle(x, cy, r) +
    circle(x - r * 0.7, cy + r * 0.5, r * 0.75) +
    circle(x + r * 0.7, cy + r * 0.45, r * 0.8)
  );
}

/** A band of firs along a layer's outline, sized by its depth; one path so it renders fast. */
export function treeLine(canvas: Canvas, layer: Layer, density = 1): string {
  const { width, unit, random, look } = canvas;
  const h = (9 + 46 * layer.depth ** 1.4) * unit;
  let d = '';
  // Far firs are single spikes: at that size tiers would only cost render time.
  const far = layer.depth < 0.3;
  for (let x = -h * 0.3; x < width + h * 0.3; x += h * between(random, 0.2, 0.45) / density) {
    const height = h * between(random, 0.7, 1.25);
    const base = heightAt(layer.points, x) + h * 0.22;
    d += far ? `M${n(x)} ${n(base - height)}l${n(height * 0.2)} ${n(height)}h${n(-height * 0.4)}Z` : pine(x, base, height);
  }
  const color = mix(layer.color, look.near, 0.12);
  const stroke = look.outline === undefined ? '' : ` stroke="${look.outline}" stroke-width="${n(0.5 * unit)}" stroke-opacity="0.7"`;
  return `<path d="${d}" fill="${color}"${stroke}/>`;
}

/** A few trees scattered on a layer (hills). */
export function scatteredTrees(canvas: Canvas, layer: Layer, count: number): string {
  const { width, unit, random, look } = canvas;
  const h = (8 + 34 * layer.depth) * unit;
  let d = '';
  for (let i = 0; i < count; i++) {
    const x = random() * width;
    const size = h * between(random, 0.6, 1.2);
    const base = heightAt(layer.points, x) + size * 0.12;
    d += random() < 0.5 ? broadleaf(x, base, size) : pine(x, base, size * 1.15);
  }
  const stroke = look.outline === undefined ? '' : ` stroke="${look.outline}" stroke-width="${n(0.5 * unit)}"`;
  return `<path d="${d}" fill="${mix(layer.color, look.near, 0.25)}"${stroke}/>`;
}

/** Blades of grass on the nearest layer. */
export function grass(canvas: Canvas, layer: Layer): string {
  const { width, unit, random, look } = canvas;
  let d = '';
  for (let x = 0; x < width; x += between(random, 3, 9) * unit) {
    const base = heightAt(layer.points, x) + between(random, 2, 16) * unit;
    const h = between(random, 5, 13) * unit;
    const lean = between(random, -4, 4) * unit;
    d += `M${n(x)} ${n(base)}q${n(lean * 0.3)} ${n(-h * 0.5)} ${n(lean)} ${n(-h)}`;
  }
  const color = look.outline ?? mix(layer.color, look.glow, 0.25);
  return `<path d="${d}" fill="none" stroke="${color}" stroke-width="${n(0.9 * unit)}" stroke-linecap="round" opacity="0.55"/>`;
}
