import { between } from './random';
import type { Canvas, Layer } from './scene-canvas';
import { heightAt } from './scene-canvas';
import { mix, n, polygonPath } from './svg';

/** Path data of a few shapes, collected per colour so a building is a handful of elements. */
interface Ink {
  walls: string;
  roofs: string;
  windows: string;
  details: string;
}

const rect = (x: number, y: number, w: number, h: number): string => `M${n(x)} ${n(y)}h${n(w)}v${n(h)}h${n(-w)}Z`;

/** Merlons along the top of a wall from x0 to x1 at height y. */
function merlons(x0: number, x1: number, y: number, size: number): string {
  let d = '';
  const count = Math.max(2, Math.round((x1 - x0) / (size * 2)));
  const step = (x1 - x0) / count;
  for (let i = 0; i < count; i++) d += rect(x0 + i * step, y - size, step * 0.55, size + 0.5);
  return d;
}

/** A broken top: the wall's upper edge torn into a ragged line. */
function ragged(canvas: Canvas, x0: number, x1: number, y: number, depth: number): string {
  const { random } = canvas;
  const points: [number, number][] = [[x0, y + depth * 2]];
  const steps = 5 + Math.floor(random() * 4);
  for (let i = 0; i <= steps; i++) points.push([x0 + ((x1 - x0) * i) / steps, y + random() * depth]);
  points.push([x1, y + depth * 2]);
  return polygonPath(points);
}

function colours(canvas: Canvas, layer: Layer): { wall: string; roof: string; window: string } {
  const { look } = canvas;
  if (look.outline !== undefined) return { wall: mix(look.far, look.sky[2], 0.5), roof: mix(look.far, look.near, 0.45), window: look.near };
  // Lit scenes show silhouettes; in daylight the stone is pale and the roofs are slate or tile.
  const wall = look.lit ? mix(layer.color, look.near, 0.4) : mix(mix('#d6cbb3', look.far, 0.3), layer.color, 0.3 + 0.3 * layer.depth);
  const roof = look.lit ? mix(wall, look.near, 0.45) : mix(mix(wall, '#6e3a30', 0.55), look.near, 0.15);
  return { wall, roof, window: look.lit ? look.light : mix(wall, look.near, 0.6) };
}

function paint(canvas: Canvas, layer: Layer, ink: Ink): string {
  const { look, unit } = canvas;
  const { wall, roof, window } = colours(canvas, layer);
  const stroke = look.outline === undefined ? '' : ` stroke="${look.outline}" stroke-width="${n(0.8 * unit)}" stroke-linejoin="round"`;
  let svg = `<path d="${ink.walls}" fill="${wall}"${stroke}/><path d="${ink.roofs}" fill="${roof}"${stroke}/>`;
  if (look.lit && look.outline === undefined && ink.windows !== '') {
    // A halo from two wide translucent strokes: a blur filter would cost more than the whole scene.
    svg += `<path d="${ink.windows}" fill="none" stroke="${window}" stroke-width="${n(5 * unit)}" stroke-linejoin="round" opacity="0.12"/>`;
    svg += `<path d="${ink.windows}" fill="none" stroke="${window}" stroke-width="${n(2.4 * unit)}" stroke-linejoin="round" opacity="0.25"/>`;
  }
  svg += `<path d="${ink.windows}" fill="${window}"/>`;
  if (ink.details !== '') svg += `<path d="${ink.details}" fill="none" stroke="${look.outline ?? mix(roof, look.near, 0.5)}" stroke-width="${n(1.1 * unit)}" stroke-linecap="round"/>`;
  return svg;
}

/** The lowest ground under a footprint, so a building never floats. */
const footing = (layer: Layer, x0: number, x1: number): number => Math.max(heightAt(layer.points, x0), heightAt(layer.points, (x0 + x1) / 2), heightAt(layer.points, x1));

/** The highest point of an outline between two fractions of the width: where a tower or castle goes. */
function summit(canvas: Canvas, layer: Layer, from: number, to: number): number {
  let best = canvas.width * (from + to) / 2;
  let bestY = Infinity;
  for (const [x, y] of layer.points) {
    if (x >= canvas.width * from && x <= canvas.width * to && y < bestY) [best, bestY] = [x, y];
  }
  return best;
}

function tower(canvas: Canvas, x: number, base: number, s: number, ink: Ink, tall = 1): void {
  const { random, plan } = canvas;
  const w = 22 * s;
  const h = 92 * s * tall * between(random, 0.9, 1.15);
  const top = base - h;
  if (plan.ruined) {
    // One outline with a broken crown, so ink strokes show no seams.
    const crown: [number, number][] = [];
    for (let i = 0; i <= 6; i++) crown.push([x - w * 0.44 + (w * 0.88 * i) / 6, top + random() * h * (i === 0 || i === 6 ? 0.3 : 0.22)]);
    ink.walls += polygonPath([[x - w / 2, base + 12 * s], [x - w / 2, top + h * 0.3], ...crown, [x + w / 2, top + h * 0.4], [x + w / 2, base + 12 * s]]);
    ink.windows += rect(x - w * 0.1, top + h * 0.45, w * 0.2, h * 0.12) + rect(x - w * 0.06, top + h * 0.7, w * 0.12, 7 * s);
    return;
  }
  ink.walls += polygonPath([[x - w / 2, base + 12 * s], [x - w / 2, top + h * 0.25], [x - w * 0.44, top], [x + w * 0.44, top], [x + w / 2, top + h * 0.25], [x + w / 2, base + 12 * s]]);
  if (random() < 0.5 || plan.terrain === 'sea') {
    // Gallery and a pointed roof.
    ink.walls += rect(x - w * 0.62, top - 2 * s, w * 1.24, 5 * s) + merlons(x - w * 0.62, x + w * 0.62, top - 2 * s, 4 * s);
    ink.roofs += polygonPath([[x - w * 0.5, top - 6 * s], [x, top - 6 * s - w * 1.6], [x + w * 0.5, top - 6 * s]]);
    ink.windows += rect(x - w * 0.14, top + 6 * s, w * 0.28, 9 * s);
  } else {
    ink.walls += rect(x - w * 0.62, top - 2 * s, w * 1.24, 8 * s) + merlons(x - w * 0.62, x + w * 0.62, top - 2 * s, 6 * s);
    ink.windows += rect(x - w * 0.1, top + 12 * s, w * 0.2, 10 * s);
  }
  for (let k = 1; k <= 2; k++) ink.windows += rect(x - w * 0.06, top + h * (0.3 + k * 0.18), w * 0.12, 7 * s);
}

function drawTower(canvas: Canvas, layer: Layer, s: number): string {
  const x = summit(canvas, layer, 0.2, 0.8);
  const ink: Ink = { walls: '', roofs: '', windows: '', details: '' };
  const base = footing(layer, x - 12 * s, x + 12 * s);
  tower(canvas, x, base, s * 1.2, ink, 1.1);
  let beam = '';
  if (canvas.plan.terrain === 'sea' && canvas.look.lit && !canvas.plan.ruined && canvas.look.outline === undefined) {
    const y = base - 110 * s;
    const id = canvas.id('beam');
    canvas.defs.push(`<linearGradient id="${id}" x1="${x < canvas.width / 2 ? 0 : 1}" y1="0" x2="${x < canvas.width / 2 ? 1 : 0}" y2="0"><stop offset="0" stop-color="${canvas.look.light}" stop-opacity="0.55"/><stop offset="1" stop-color="${canvas.look.light}" stop-opacity="0"/></linearGradient>`);
    const far = x < canvas.width / 2 ? canvas.width : 0;
    beam = `<path d="${polygonPath([[x, y], [far, y - 60 * s], [far, y + 40 * s]])}" fill="url(#${id})"/>`;
  }
  return beam + paint(canvas, layer, ink);
}

function drawCastle(canvas: Canvas, layer: Layer, s: number): string {
  const { random, plan } = canvas;
  const x = summit(canvas, layer, 0.3, 0.7);
  const span = 120 * s;
  const base = footing(layer, x - span, x + span);
  const ink: Ink = { walls: '', roofs: '', windows: '', details: '' };
  const wallTop = base - 34 * s;
  ink.walls += rect(x - span, wallTop, span * 2, 50 * s);
  ink.walls += plan.ruined ? ragged(canvas, x - span, x + span * 0.2, wallTop - 6 * s, 14 * s) : merlons(x - span, x + span, wallTop, 5 * s);
  const keepTop = base - 74 * s;
  ink.walls += rect(x - 30 * s, keepTop, 60 * s, 80 * s) + (plan.ruined ? ragged(canvas, x - 30 * s, x + 30 * s, keepTop - 6 * s, 18 * s) : merlons(x - 30 * s, x + 30 * s, keepTop, 6 * s));
  for (let row = 0; row < 2; row++) for (let col = -1; col <= 1; col++) ink.windows += rect(x + col * 16 * s - 2.5 * s, keepTop + 14 * s + row * 20 * s, 5 * s, 9 * s);
  ink.windows += `M${n(x - 9 * s)} ${n(base + 4 * s)}v${n(-14 * s)}a${n(9 * s)} ${n(9 * s)} 0 0 1 ${n(18 * s)} 0v${n(14 * s)}Z`;
  for (const [dx, tall] of [[-span, 0.55], [-48 * s, 0.95], [48 * s, 0.95], [span, 0.55]] as const) {
    tower(canvas, x + dx, base, s * (tall > 0.9 ? 0.95 : 0.8), ink, tall * between(random, 0.95, 1.1));
  }
  if (!plan.ruined) {
    for (const dx of [-48 * s, 48 * s]) {
      const poleTop = base - 92 * s * 0.95 - 50 * s;
      ink.details += `M${n(x + dx)} ${n(poleTop + 14 * s)}v${n(-14 * s)}`;
      ink.roofs += polygonPath([[x + dx, poleTop], [x + dx + 12 * s, poleTop + 3 * s], [x + dx, poleTop + 6 * s]]);
    }
  }
  return paint(canvas, layer, ink);
}

function drawCity(canvas: Canvas, layer: Layer, s: number): string {
  const { random, width, plan, look } = canvas;
  // Build only where the ground is near its highest, not down a cliff face or a valley side.
  const ys = layer.points.filter(([x]) => x >= 0 && x <= width).map(([, y]) => y);
  const high = Math.min(...ys) + canvas.height * 0.09;
  const buildable = layer.points.filter(([x, y]) => x >= 0 && x <= width && y <= high).map(([x]) => x);
  const [lo, hi] = [Math.min(...buildable), Math.max(...buildable)];
  const span = Math.min(hi - lo, width * between(random, 0.35, 0.55));
  const start = lo + random() * (hi - lo - span);
  const ink: Ink = { walls: '', roofs: '', windows: '', details: '' };
  let x = start;
  while (x < start + span) {
    const w = between(random, 12, 30) * s;
    const centre = 1 - Math.abs((x - start) / span - 0.5) * 1.4;
    const h = between(random, 14, 34) * s * (0.6 + centre);
    const ground = footing(layer, x, x + w);
    if (ground > high) {
      x += w;
      continue;
    }
    const base = ground + 4 * s;
    const top = base - h;
    ink.walls += rect(x, top, w, h + 14 * s);
    const kind = random();
    if (plan.ruined) ink.walls += ragged(canvas, x, x + w, top - 3 * s, 8 * s);
    else if (kind < 0.5) ink.roofs += polygonPath([[x - 2 * s, top + 0.5], [x + w / 2, top - w * 0.45], [x + w + 2 * s, top + 0.5]]);
    else if (kind < 0.62) ink.roofs += `M${n(x)} ${n(top + 0.5)}a${n(w / 2)} ${n(w / 2)} 0 0 1 ${n(w)} 0Z`;
    else if (kind < 0.7 && centre > 0.5) {
      ink.walls += rect(x + w * 0.3, top - h * 0.9, w * 0.4, h * 0.9 + 1);
      ink.roofs += polygonPath([[x + w * 0.25, top - h * 0.9], [x + w / 2, top - h * 1.9], [x + w * 0.75, top - h * 0.9]]);
    }
    for (let wy = top + 5 * s; wy < base - 4 * s; wy += 8 * s) {
      for (let wx = x + 3 * s; wx < x + w - 5 * s; wx += 7 * s) if (random() < (look.lit ? 0.45 : 0.25)) ink.windows += rect(wx, wy, 2.6 * s, 3.8 * s);
    }
    x += w * between(random, 0.7, 1.05);
  }
  return paint(canvas, layer, ink);
}

function drawTavern(canvas: Canvas, layer: Layer, s: number): string {
  const { random, width, plan, look, unit } = canvas;
  const x = between(random, 0.3, 0.7) * width;
  const w = 86 * s;
  const h = 40 * s;
  const base = footing(layer, x - w / 2, x + w / 2) + 6 * s;
  const top = base - h;
  const ink: Ink = { walls: '', roofs: '', windows: '', details: '' };
  // A low wing behind, then the house: walls, a steep roof with overhang, a chimney.
  const wingX = x + (random() < 0.5 ? -1 : 1) * w * 0.55;
  ink.walls += rect(wingX - w * 0.3, top + h * 0.3, w * 0.6, h * 0.7 + 10 * s);
  ink.roofs += polygonPath([[wingX - w * 0.34, top + h * 0.32], [wingX, top - h * 0.25], [wingX + w * 0.34, top + h * 0.32]]);
  ink.walls += rect(x - w / 2, top, w, h + 10 * s);
  ink.walls += rect(x + w * 0.22, top - h * 0.95, w * 0.1, h * 0.7);
  ink.roofs += polygonPath([[x - w * 0.58, top + 2 * s], [x - w * 0.36, top - h * 0.85], [x + w * 0.36, top - h * 0.85], [x + w * 0.58, top + 2 * s]]);
  if (plan.ruined) ink.roofs += ragged(canvas, x - w * 0.36, x + w * 0.36, top - h * 0.95, 10 * s);
  // Timber frame.
  for (const fx of [-0.5, -0.17, 0.17, 0.5]) ink.details += `M${n(x + fx * w)} ${n(top)}V${n(base)}`;
  ink.details += `M${n(x - w / 2)} ${n(top + h * 0.5)}H${n(x + w / 2)}M${n(x - w / 2)} ${n(top)}L${n(x - w * 0.17)} ${n(top + h * 0.5)}M${n(x + w / 2)} ${n(top)}L${n(x + w * 0.17)} ${n(top + h * 0.5)}`;
  // Windows with mullions, a door, a hanging sign.
  for (const fx of [-0.36, 0.28]) ink.windows += rect(x + fx * w, top + h * 0.18, w * 0.12, h * 0.26);
  ink.windows += rect(x - w * 0.36, top + h * 0.6, w * 0.12, h * 0.22) + rect(x + w * 0.28, top + h * 0.6, w * 0.12, h * 0.22);
  ink.windows += `M${n(x - w * 0.06)} ${n(base)}v${n(-h * 0.38)}a${n(w * 0.06)} ${n(w * 0.06)} 0 0 1 ${n(w * 0.12)} 0v${n(h * 0.38)}Z`;
  ink.details += `M${n(x - w * 0.5)} ${n(top + h * 0.1)}h${n(-w * 0.14)}v${n(h * 0.1)}`;
  ink.roofs += rect(x - w * 0.7, top + h * 0.2, w * 0.12, h * 0.2);
  let smoke = '';
  if (!plan.ruined) {
    const cx = x + w * 0.27;
    const cy = top - h * 0.95;
    for (let i = 0; i < 6; i++) {
      const r = (3 + i * 2.2) * s;
      smoke += `<circle cx="${n(cx + i * i * 1.2 * s)}" cy="${n(cy - i * 9 * s)}" r="${n(r)}" opacity="${n(0.4 - i * 0.055)}"/>`;
    }
    smoke = `<g fill="${look.outline === undefined ? mix(look.mist, look.sky[1], 0.4) : look.far}">${smoke}</g>`;
  }
  let lantern = '';
  if (look.lit && look.outline === undefined) {
    const id = canvas.id('porch');
    canvas.defs.push(`<radialGradient id="${id}"><stop offset="0" stop-color="${look.light}" stop-opacity="0.45"/><stop offset="1" stop-color="${look.light}" stop-opacity="0"/></radialGradient>`);
    lantern = `<circle cx="${n(x)}" cy="${n(base - h * 0.3)}" r="${n(w * 0.9)}" fill="url(#${id})"/>`;
  }
  return smoke + lantern + paint(canvas, layer, ink) + `<path d="M${n(x - w * 0.64)} ${n(top + h * 0.2)}v${n(-h * 0.1)}" stroke="${look.outline ?? look.near}" stroke-width="${n(unit)}"/>`;
}

/** The landmark the prompt names, standing on `layer`. */
export function drawLandmark(canvas: Canvas, layer: Layer): string {
  const s = canvas.unit * (0.55 + 0.75 * layer.depth);
  switch (canvas.plan.landmark) {
    case 'none':
      return '';
    case 'tower':
      return drawTower(canvas, layer, s);
    case 'castle':
      return drawCastle(canvas, layer, s * 0.9);
    case 'city':
      return drawCity(canvas, layer, s);
    case 'tavern':
      return drawTavern(canvas, layer, s * 1.1);
  }
}
