import { between } from './random';
import type { Canvas, Layer } from './scene-canvas';
import { heightAt } from './scene-canvas';
import { grass, pine, scatteredTrees, treeLine } from './scene-flora';
import type { SkyResult } from './scene-sky';
import { clampTop, drawHaze, drawLayer, fractalRidge, groundPath, peakRidge, rollingRidge, snowCaps } from './scene-ridges';
import type { Point } from './svg';
import { mix, n, polygonPath, verticalGradient } from './svg';

/** One drawn piece of land, far to near; `layer` is set where a building can stand on it. */
export interface LandPart {
  readonly svg: string;
  readonly layer?: Layer;
  /** The mist over the layer's foot, drawn after a building on it so the building stands in it too. */
  readonly haze?: string;
}

/** The land of an outdoor scene, and after which part a landmark goes. */
export interface Land {
  readonly parts: readonly LandPart[];
  readonly anchor: number;
}

/** `count` layer colours from the look's far to its near colour (snow lightens them). */
function layerColors(canvas: Canvas, count: number): string[] {
  const { look, plan } = canvas;
  return Array.from({ length: count }, (_, i) => {
    const t = count === 1 ? 1 : i / (count - 1);
    const color = mix(look.far, look.near, t ** 0.85);
    return plan.snow && look.outline === undefined ? mix(color, look.snow, 0.45 * (1 - t * 0.6)) : color;
  });
}

const hazeStrength = (canvas: Canvas, depth: number): number =>
  (canvas.plan.mist ? 0.62 : canvas.plan.terrain === 'desert' ? 0.16 : 0.3) * (1 - depth * 0.55);

/** Where each layer's outline sits: `g` is a fraction of the land below the horizon (negative: above it). */
const baseY = (canvas: Canvas, g: number): number => canvas.horizon + (canvas.height - canvas.horizon) * g;

function layered(canvas: Canvas, outlines: readonly Point[][], smooth: boolean, extra?: (layer: Layer, index: number) => string, lift?: number): LandPart[] {
  const colors = layerColors(canvas, outlines.length);
  return outlines.map((points, i) => {
    const layer: Layer = { points, color: colors[i] ?? canvas.look.near, depth: outlines.length === 1 ? 1 : i / (outlines.length - 1) };
    let svg = drawLayer(canvas, layer, smooth, lift);
    if (extra !== undefined) svg += extra(layer, i);
    if (i === outlines.length - 1) return { svg, layer };
    return { svg, layer, haze: drawHaze(canvas, layer, hazeStrength(canvas, layer.depth)) };
  });
}

function mountains(canvas: Canvas): Land {
  const { width, horizon, random, plan } = canvas;
  const spec = [
    [-0.12, 0.78, 3, 0.07],
    [0.0, 0.58, 3, 0.06],
    [0.16, 0.42, 4, 0.05],
    [0.38, 0.26, 4, 0.045],
    [0.68, 0.15, 3, 0.04],
  ] as const;
  const outlines = spec.map(([g, h, peaks, detail]) => clampTop(peakRidge(random, -20, width + 20, baseY(canvas, g), horizon * h, peaks, horizon * detail), horizon * 0.14));
  const snowy = plan.snow || (plan.palette !== 'fire' && !plan.volcano);
  const parts = layered(canvas, outlines, false, (layer, i) => {
    let svg = '';
    if (plan.volcano && i === 1) svg += volcano(canvas, layer);
    if (!snowy || i > (plan.snow ? 2 : 1)) return svg;
    const ys = layer.points.map(([, y]) => y);
    const [top, bottom] = [Math.min(...ys), Math.max(...ys)];
    return svg + snowCaps(canvas, layer.points, top + (bottom - top) * (plan.snow ? 0.55 : 0.3));
  });
  return { parts, anchor: 2 };
}

/** A cone with a glowing crater, lava runs and a plume, rising from a mountain layer. */
function volcano(canvas: Canvas, layer: Layer): string {
  const { width, horizon, random, unit, look } = canvas;
  const x = between(random, 0.25, 0.75) * width;
  // The flanks run on down behind the nearer layers, so the cone has no visible foot.
  const base = canvas.height + 20;
  const top = Math.min(horizon * between(random, 0.3, 0.4), heightAt(layer.points, x) - horizon * 0.15);
  const half = (base - top) * between(random, 1.1, 1.4);
  const crater = half * 0.12;
  const flank = (from: number, to: number, rising: boolean): Point[] =>
    fractalRidge(random, from, to, 0, horizon * 0.03, 0.6, 5).map(([px, noise], i, all) => {
      const t = i / (all.length - 1);
      return [px, base - (base - top) * (rising ? t : 1 - t) ** 1.4 + noise] as const;
    });
  const [left, right] = [flank(x - half, x - crater, true), flank(x + crater, x + half, false)];
  const cone: Point[] = [...left, [x, top + crater * 0.3], ...right];
  const fill = mix(layer.color, look.near, 0.15);
  let svg = '';
  if (look.outline === undefined) {
    const glow = canvas.id('crater');
    canvas.defs.push(`<radialGradient id="${glow}"><stop offset="0" stop-color="#ffd27a" stop-opacity="0.9"/><stop offset="0.3" stop-color="#ff6a20" stop-opacity="0.45"/><stop offset="1" stop-color="#ff6a20" stop-opacity="0"/></radialGradient>`);
    svg += `<circle cx="${n(x)}" cy="${n(top)}" r="${n(horizon * 0.35)}" fill="url(#${glow})"/>`;
  }
  // The plume: dark puffs drifting with the wind.
  let plume = '';
  const drift = between(random, -1, 1);
  for (let i = 0; i < 9; i++) {
    const r = (10 + i * 5) * unit;
    plume += `<circle cx="${n(x + drift * i * i * 2.2 * unit)}" cy="${n(top - i * 16 * unit - r * 0.5)}" r="${n(r)}" opacity="${n(0.55 - i * 0.045)}"/>`;
  }
  svg += `<g fill="${look.outline === undefined ? mix(look.near, look.sky[1], 0.3) : look.far}">${plume}</g>`;
  const stroke = look.outline === undefined ? '' : ` stroke="${look.outline}" stroke-width="${n(unit)}"`;
  svg += `<path d="${polygonPath(cone)}" fill="${fill}"${stroke}/>`;
  let lava = '';
  for (let i = 0; i < 4; i++) {
    let [px, py] = [x + between(random, -crater, crater), top + crater * 0.4];
    lava += `M${n(px)} ${n(py)}`;
    const lean = between(random, -0.6, 0.6);
    for (let k = 0; k < 6; k++) {
      px += (lean + between(random, -0.4, 0.4)) * 9 * unit;
      py += between(random, 6, 12) * unit;
      lava += `L${n(px)} ${n(py)}`;
    }
  }
  svg += `<path d="${lava}" fill="none" stroke="${look.outline ?? '#ff8a2a'}" stroke-width="${n(1.6 * unit)}" stroke-linejoin="round" opacity="0.85"/>`;
  return svg;
}

function hills(canvas: Canvas, forest: boolean): Land {
  const { width, horizon, random } = canvas;
  const spec = forest
    ? ([[-0.12, 0.1], [0.06, 0.1], [0.24, 0.09], [0.46, 0.08], [0.74, 0.07]] as const)
    : ([[-0.1, 0.12], [0.07, 0.11], [0.25, 0.1], [0.47, 0.09], [0.75, 0.08]] as const);
  const outlines = spec.map(([g, a]) => rollingRidge(random, -20, width + 20, baseY(canvas, g), horizon * a));
  const last = outlines.length - 1;
  const parts = layered(canvas, outlines, true, (layer, i) => {
    if (forest) {
      let svg = treeLine(canvas, layer, i === last ? 0.55 : 1);
      if (i === last) svg += framingPines(canvas, layer);
      return svg;
    }
    if (i === last) return grass(canvas, layer);
    return i >= 1 ? scatteredTrees(canvas, layer, Math.round(between(random, 2, 7))) : '';
  });
  return { parts, anchor: 2 };
}

/** Tall firs at the left and right edges, cut by the frame: depth for a forest scene. */
function framingPines(canvas: Canvas, layer: Layer): string {
  const { width, height, unit, random, look } = canvas;
  let d = '';
  for (const side of [0, 1]) {
    const count = 1 + Math.floor(random() * 3);
    for (let i = 0; i < count; i++) {
      const x = side === 0 ? between(random, -20, 60) * unit : width - between(random, -20, 60) * unit;
      d += pine(x, height + 10 * unit, height * between(random, 0.55, 0.9));
    }
  }
  const stroke = look.outline === undefined ? '' : ` stroke="${look.outline}" stroke-width="${n(0.8 * unit)}"`;
  return `<path d="${d}" fill="${mix(layer.color, look.near, 0.55)}"${stroke}/>`;
}

/** Flat-topped buttes on the horizon, for the desert's far layer. */
function mesas(canvas: Canvas): Point[] {
  const { width, horizon, random } = canvas;
  const points: Point[] = [[-20, horizon]];
  let x = -20;
  while (x < width + 20) {
    const gap = between(random, 30, 160) * canvas.unit;
    const span = between(random, 30, 120) * canvas.unit;
    const h = horizon * between(random, 0.05, 0.16);
    const slope = between(random, 6, 18) * canvas.unit;
    points.push([x + gap, horizon - between(random, 0, 4)], [x + gap + slope, horizon - h], [x + gap + span, horizon - h * between(random, 0.9, 1.05)], [x + gap + span + slope, horizon]);
    x += gap + span + slope;
  }
  points.push([width + 20, horizon]);
  return points;
}

/** The shaded side of a dune: its outline shifted away from the light, clipped to the dune. */
function leeShadow(canvas: Canvas, layer: Layer): string {
  const { width, height, horizon, look, random } = canvas;
  const clip = canvas.id('dune');
  canvas.defs.push(`<clipPath id="${clip}"><path d="${groundPath(canvas, layer.points, true)}"/></clipPath>`);
  const dx = width * between(random, 0.04, 0.08) * (random() < 0.5 ? -1 : 1);
  const dy = (height - horizon) * 0.05;
  const shifted = layer.points.map(([x, y]) => [x + dx, y + dy] as const);
  const color = look.outline ?? mix(layer.color, look.near, 0.55);
  return `<path d="${groundPath(canvas, shifted, true)}" fill="${color}" opacity="${look.outline === undefined ? 0.42 : 0.14}" clip-path="url(#${clip})"/>`;
}

function desert(canvas: Canvas): Land {
  const { width, horizon, random, look, unit } = canvas;
  const dunes = ([[0.04, 0.05], [0.2, 0.08], [0.42, 0.1], [0.72, 0.12]] as const).map(([g, a]) => rollingRidge(random, -20, width + 20, baseY(canvas, g), horizon * a, 10, 0.6));
  const butte: Layer = { points: mesas(canvas), color: mix(look.far, look.sky[2], 0.25), depth: 0 };
  const far = drawLayer(canvas, butte, false) + drawHaze(canvas, butte, hazeStrength(canvas, 0.2));
  const parts = layered(canvas, dunes, true, (layer, i) => {
    const shade = leeShadow(canvas, layer);
    if (i !== dunes.length - 1) return shade;
    // Wind ripples on the nearest dune.
    let d = '';
    for (let k = 1; k <= 9; k++) {
      const offset = k * (canvas.height - horizon) * 0.035;
      const from = random() * width * 0.5;
      const ripple = layer.points.filter(([x]) => x > from && x < from + width * between(random, 0.3, 0.6)).map(([x, y]) => `${n(x)} ${n(y + offset)}`);
      if (ripple.length > 1) d += `M${ripple.join('L')}`;
    }
    return shade + `<path d="${d}" fill="none" stroke="${look.outline ?? mix(layer.color, look.near, 0.3)}" stroke-width="${n(0.8 * unit)}" opacity="0.45"/>`;
  }, 0.3);
  return { parts: [{ svg: far }, ...parts], anchor: 2 };
}

/** Sailing boats between x0 and x1 on the water, larger the nearer they are. */
function boats(canvas: Canvas, x0: number, x1: number, count: number): string {
  const { height, horizon, unit, random, look } = canvas;
  let hulls = '';
  let sails = '';
  for (let i = 0; i < count; i++) {
    const f = between(random, 0.06, 0.4);
    const y = horizon + f * (height - horizon);
    const s = unit * (0.5 + f * 2.6);
    const x = between(random, x0 + 30 * s, x1 - 30 * s);
    const dir = random() < 0.5 ? -1 : 1;
    hulls += `M${n(x - 16 * s)} ${n(y - 5 * s)}h${n(32 * s)}l${n(-6 * s)} ${n(6 * s)}h${n(-20 * s)}Z`;
    hulls += `M${n(x - 0.6 * s)} ${n(y - 5 * s)}v${n(-30 * s)}h${n(1.2 * s)}v${n(30 * s)}Z`;
    sails += `M${n(x + dir * 1.5 * s)} ${n(y - 34 * s)}q${n(dir * 14 * s)} ${n(12 * s)} ${n(dir * 13 * s)} ${n(26 * s)}h${n(-dir * 13 * s)}Z`;
    sails += `M${n(x - dir * 1.5 * s)} ${n(y - 28 * s)}l${n(-dir * 9 * s)} ${n(20 * s)}h${n(dir * 9 * s)}Z`;
  }
  if (hulls === '') return '';
  const dark = look.outline ?? mix(look.near, look.water[1], 0.3);
  const sail = look.outline === undefined ? mix(look.mist, look.body, look.lit ? 0.1 : 0.5) : look.band;
  const stroke = look.outline === undefined ? '' : ` stroke="${look.outline}" stroke-width="${n(0.7 * unit)}"`;
  return `<path d="${hulls}" fill="${dark}"/><path d="${sails}" fill="${look.lit && look.outline === undefined ? mix(dark, look.glow, 0.25) : sail}"${stroke}/>`;
}

function sea(canvas: Canvas, sky: SkyResult): Land {
  const { width, height, horizon, random, look, unit, plan } = canvas;
  const parts: LandPart[] = [];
  // Far islands sitting on the horizon line.
  const islandColor = mix(look.far, look.sky[2], 0.3);
  for (let i = 0; i < 2; i++) {
    const from = random() * width * 0.7;
    const span = width * between(random, 0.2, 0.45);
    const ridge = clampTop(fractalRidge(random, from, from + span, horizon - horizon * 0.04, horizon * 0.14, 0.5, 5), horizon * 0.6);
    const shape: Point[] = [[from, horizon], ...ridge.map(([x, y], k) => [x, k === 0 || k === ridge.length - 1 ? horizon : Math.min(y, horizon)] as const), [from + span, horizon]];
    parts.push({ svg: `<path d="${polygonPath(shape)}" fill="${mix(islandColor, look.near, i * 0.15)}" opacity="0.9"/>` });
  }
  // Water: a gradient, wave lines closer together towards the horizon, and the sun's or moon's path.
  const waterId = canvas.id('water');
  canvas.defs.push(verticalGradient(waterId, [[0, mix(look.water[0], look.sky[2], 0.35)], [0.25, look.water[0]], [1, look.water[1]]]));
  let water = `<rect x="0" y="${n(horizon)}" width="${width}" height="${n(height - horizon)}" fill="url(#${waterId})"/>`;
  let waves = '';
  for (let i = 0; i < 70; i++) {
    const f = random() ** 1.8;
    const y = horizon + f * (height - horizon);
    const x = random() * width;
    const length = (8 + f * 60) * unit * between(random, 0.5, 1.5);
    waves += `M${n(x)} ${n(y)}h${n(length)}`;
  }
  water += `<path d="${waves}" stroke="${look.outline ?? mix(look.water[0], look.glow, 0.4)}" stroke-width="${n(unit)}" opacity="0.35" fill="none"/>`;
  let glints = '';
  for (let y = horizon + 2 * unit; y < height; y += between(random, 3, 7) * unit * (1 + (y - horizon) / horizon)) {
    const f = (y - horizon) / (height - horizon);
    const half = sky.celestial.r * (0.8 + f * 2.5) * between(random, 0.3, 1.2);
    glints += `<rect x="${n(sky.celestial.x - half + (random() - 0.5) * half)}" y="${n(y)}" width="${n(half * 2)}" height="${n(1.6 * unit)}" opacity="${n(0.75 * (1 - f) + 0.1)}"/>`;
  }
  water += `<g fill="${look.outline ?? look.body}">${glints}</g>`;
  // A shore or a cliff at one side, wider when a building stands on it; boats on the open water.
  const left = random() < 0.5;
  const span = width * (plan.landmark === 'none' ? between(random, 0.25, 0.4) : between(random, 0.45, 0.6));
  water += boats(canvas, left ? span : 0, left ? width : width - span, plan.vessels ? 2 + Math.floor(random() * 2) : Math.floor(random() * 2));
  parts.push({ svg: water });
  const top = horizon + (height - horizon) * (plan.landmark === 'none' ? between(random, -0.2, 0.15) : between(random, -0.05, 0.2));
  const ridge = fractalRidge(random, -20, span, top, horizon * 0.12, 0.5, 6).map(([x, y]) => {
    const edge = Math.max(0, (x - span * 0.7) / (span * 0.3));
    const dropped = y + edge ** 2 * (height - y) * 1.1;
    return [left ? x : width - x, dropped] as const;
  });
  const outline = left ? ridge : [...ridge].reverse();
  const cliff: Layer = { points: outline, color: look.near, depth: 1 };
  parts.push({ svg: drawLayer(canvas, cliff, false), layer: cliff });
  return { parts, anchor: parts.length - 1 };
}

/** The land of an outdoor terrain. */
export function drawLand(canvas: Canvas, sky: SkyResult): Land {
  switch (canvas.plan.terrain) {
    case 'mountains':
      return mountains(canvas);
    case 'hills':
      return hills(canvas, false);
    case 'forest':
      return hills(canvas, true);
    case 'desert':
      return desert(canvas);
    case 'sea':
      return sea(canvas, sky);
    case 'dungeon':
      throw new Error('a dungeon is an interior: draw it with drawDungeon');
  }
}
