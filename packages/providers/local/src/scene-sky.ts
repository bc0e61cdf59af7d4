import { between } from './random';
import type { Canvas } from './scene-canvas';
import { mix, n, verticalGradient } from './svg';

/** Where the sun or moon stands, so the sea can reflect it. */
export interface SkyResult {
  readonly svg: string;
  readonly celestial: { readonly x: number; readonly y: number; readonly r: number };
}

function celestialBody(canvas: Canvas, x: number, y: number, r: number): string {
  const { look, unit } = canvas;
  const glowId = canvas.id('glow');
  const glowR = look.celestial === 'sun' ? r * 7 : r * 4.5;
  canvas.defs.push(
    `<radialGradient id="${glowId}"><stop offset="0" stop-color="${look.glow}" stop-opacity="${look.style === 'ink' ? 0 : 0.75}"/>` +
      `<stop offset="0.25" stop-color="${look.glow}" stop-opacity="${look.style === 'ink' ? 0 : 0.3}"/><stop offset="1" stop-color="${look.glow}" stop-opacity="0"/></radialGradient>`,
  );
  const stroke = look.outline === undefined ? '' : ` stroke="${look.outline}" stroke-width="${n(1.4 * unit)}"`;
  let svg = `<circle cx="${n(x)}" cy="${n(y)}" r="${n(glowR)}" fill="url(#${glowId})"/>`;
  svg += `<circle cx="${n(x)}" cy="${n(y)}" r="${n(r)}" fill="${look.body}"${stroke}/>`;
  if (look.celestial === 'moon') {
    // A few soft maria, so it reads as the moon and not as a pale sun.
    const shade = mix(look.body, look.sky[1], 0.35);
    for (const [dx, dy, rr] of [[-0.3, -0.2, 0.28], [0.25, 0.1, 0.2], [-0.05, 0.38, 0.16]] as const) {
      svg += `<circle cx="${n(x + dx * r)}" cy="${n(y + dy * r)}" r="${n(rr * r)}" fill="${shade}" opacity="0.45"/>`;
    }
  }
  if (look.style === 'ink') {
    // Rays drawn with the pen instead of a glow.
    for (let i = 0; i < 16; i++) {
      const a = (i / 16) * Math.PI * 2;
      const [r0, r1] = [r * 1.35, r * (i % 2 === 0 ? 1.9 : 1.6)];
      if (look.celestial === 'sun') {
        svg += `<path d="M${n(x + Math.cos(a) * r0)} ${n(y + Math.sin(a) * r0)}L${n(x + Math.cos(a) * r1)} ${n(y + Math.sin(a) * r1)}" stroke="${look.outline ?? '#000'}" stroke-width="${n(unit)}" stroke-linecap="round"/>`;
      }
    }
  }
  return svg;
}

function stars(canvas: Canvas): string {
  const { look, width, horizon, unit, random } = canvas;
  // Denser on a bigger sky, but less than in proportion: the eye counts stars, not pixels per star.
  const count = Math.round(look.stars * 150 * ((width * horizon) / (512 * 290)) ** 0.75);
  if (count === 0) return '';
  const color = look.outline ?? '#fffbe8';
  // Three brightness classes, each one path of tiny circles: hundreds of <circle> elements cost far more to render.
  const dots: [string, string, string] = ['', '', ''];
  let sparkles = '';
  for (let i = 0; i < count; i++) {
    const x = random() * width;
    // More stars high up, where the sky is darkest.
    const y = Math.pow(random(), 1.6) * horizon * 0.85;
    const r = between(random, 0.35, 1.15) * unit;
    const brightness = Math.min(2, Math.floor(random() * 3)) as 0 | 1 | 2;
    if (random() < 0.06) {
      const s = r * 4;
      sparkles += `M${n(x)} ${n(y - s)}Q${n(x)} ${n(y)} ${n(x + s)} ${n(y)}Q${n(x)} ${n(y)} ${n(x)} ${n(y + s)}Q${n(x)} ${n(y)} ${n(x - s)} ${n(y)}Q${n(x)} ${n(y)} ${n(x)} ${n(y - s)}Z`;
    } else {
      dots[brightness] += `M${n(x - r)} ${n(y)}a${n(r)} ${n(r)} 0 1 0 ${n(2 * r)} 0a${n(r)} ${n(r)} 0 1 0 ${n(-2 * r)} 0Z`;
    }
  }
  const paths = dots.map((d, k) => (d === '' ? '' : `<path d="${d}" fill="${color}" opacity="${[0.45, 0.7, 1][k] ?? 1}"/>`)).join('');
  return `${paths}<path d="${sparkles}" fill="${color}" opacity="0.9"/>`;
}

/**
 * Long soft cloud banks: overlapping ellipses, each filled with a radial gradient that fades to
 * nothing at its edge (a blur filter looks the same and costs far more in librsvg).
 */
function clouds(canvas: Canvas): string {
  const { look, width, horizon, unit, random } = canvas;
  const count = look.stars >= 1 ? 2 : 3 + Math.floor(random() * 3);
  let svg = '';
  for (let c = 0; c < count; c++) {
    const cx = random() * width;
    const cy = between(random, 0.12, 0.75) * horizon;
    const length = between(random, 90, 220) * unit;
    const thickness = between(random, 8, 17) * unit;
    const color = mix(look.cloud, look.sky[c % 2 === 0 ? 2 : 1], between(random, 0.1, 0.45));
    const lit = mix(color, look.glow, 0.4);
    const id = canvas.id('cloud');
    canvas.defs.push(
      `<radialGradient id="${id}" cx="0.5" cy="0.42" r="0.5"><stop offset="0" stop-color="${lit}" stop-opacity="0.95"/>` +
        `<stop offset="0.55" stop-color="${color}" stop-opacity="0.8"/><stop offset="1" stop-color="${color}" stop-opacity="0"/></radialGradient>`,
    );
    let puffs = '';
    const parts = 5 + Math.floor(random() * 4);
    for (let p = 0; p < parts; p++) {
      const f = p / (parts - 1) - 0.5;
      const rx = between(random, 0.2, 0.34) * length;
      const ry = thickness * (1 - Math.abs(f)) * between(random, 0.9, 1.6) + thickness * 0.5;
      puffs += `<ellipse cx="${n(cx + f * length)}" cy="${n(cy - ry * 0.3)}" rx="${n(rx)}" ry="${n(ry)}"/>`;
    }
    svg += `<g fill="url(#${id})" opacity="${n(between(random, 0.5, 0.8))}">${puffs}</g>`;
  }
  return svg;
}

/** The sky: gradient, stars, the sun or moon, clouds. */
export function drawSky(canvas: Canvas): SkyResult {
  const { look, width, height, horizon, unit, random } = canvas;
  const skyId = canvas.id('sky');
  const [zenith, middle, low] = look.sky;
  canvas.defs.push(verticalGradient(skyId, [[0, zenith], [horizon / height * 0.6, middle], [horizon / height, low], [1, low]]));
  const r = (look.celestial === 'sun' ? between(random, 18, 26) : between(random, 14, 20)) * unit * look.moonScale;
  const x = between(random, 0.18, 0.82) * width;
  const y = Math.max(r * 1.6, look.celestialHeight * horizon + between(random, -0.05, 0.05) * horizon);
  let svg = `<rect width="${width}" height="${height}" fill="url(#${skyId})"/>`;
  svg += stars(canvas);
  svg += celestialBody(canvas, x, y, r);
  if (look.style !== 'ink') svg += clouds(canvas);
  return { svg, celestial: { x, y, r } };
}
