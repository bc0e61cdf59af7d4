import { between } from './random';
import type { Canvas } from './scene-canvas';
import type { Point } from './svg';
import { mix, n, polygonPath } from './svg';

/** One arch of the corridor: half-width of the opening, floor height, spring height (where the vault begins). */
interface Arch {
  readonly a: number;
  readonly floor: number;
  readonly spring: number;
}

const ARCHES = 6;

/** The opening of an arch as path data: up the left jamb, over the round vault, down the right jamb. */
function opening(cx: number, arch: Arch, grow = 0): string {
  const a = arch.a + grow;
  return `M${n(cx - a)} ${n(arch.floor)}V${n(arch.spring)}A${n(a)} ${n(a)} 0 0 1 ${n(cx + a)} ${n(arch.spring)}V${n(arch.floor)}Z`;
}

/** The light at the far end: daylight, moonlight, fire or ice, by the scene's palette. */
function endLight(canvas: Canvas): string {
  if (canvas.look.outline !== undefined) return canvas.look.mist;
  switch (canvas.plan.palette) {
    case 'night':
      return '#a9bfeb';
    case 'winter':
      return '#d4ecff';
    case 'fire':
      return '#ff7a2a';
    default:
      return '#ffd994';
  }
}

function torch(canvas: Canvas, x: number, y: number, size: number): string {
  const { look } = canvas;
  const flame = canvas.plan.palette === 'winter' ? '#bfe4ff' : '#ffb347';
  let svg = '';
  if (look.outline === undefined) {
    const id = canvas.id('torch');
    canvas.defs.push(`<radialGradient id="${id}"><stop offset="0" stop-color="${flame}" stop-opacity="0.55"/><stop offset="0.4" stop-color="${flame}" stop-opacity="0.18"/><stop offset="1" stop-color="${flame}" stop-opacity="0"/></radialGradient>`);
    svg += `<circle cx="${n(x)}" cy="${n(y)}" r="${n(size * 9)}" fill="url(#${id})"/>`;
  }
  const stroke = look.outline ?? mix(look.near, '#000000', 0.3);
  svg += `<path d="M${n(x)} ${n(y + size * 2.6)}l${n(-size * 0.25)} ${n(-size * 1.6)}h${n(size * 0.5)}Z" fill="${stroke}"/>`;
  svg += `<path d="M${n(x)} ${n(y - size * 1.6)}q${n(size * 0.9)} ${n(size * 1.2)} ${n(size * 0.55)} ${n(size * 1.8)}q${n(-size * 0.55)} ${n(size * 0.45)} ${n(-size * 1.1)} 0q${n(-size * 0.35)} ${n(-size * 0.6)} ${n(size * 0.55)} ${n(-size * 1.8)}Z" fill="${look.outline === undefined ? flame : look.band}" stroke="${look.outline ?? 'none'}" stroke-width="${n(0.6 * canvas.unit)}"/>`;
  if (look.outline === undefined) svg += `<ellipse cx="${n(x)}" cy="${n(y + size * 0.2)}" rx="${n(size * 0.22)}" ry="${n(size * 0.45)}" fill="#fff3c4"/>`;
  return svg;
}

/** A vaulted corridor receding to a light: nested arches, walls with courses of stone, a tiled floor, torches. */
export function drawDungeon(canvas: Canvas): string {
  const { width, height, random, look, unit } = canvas;
  const cx = width / 2 + (random() - 0.5) * width * 0.12;
  const vy = height * 0.46;
  const ratio = between(random, 1.33, 1.4);
  const arches: Arch[] = Array.from({ length: ARCHES + 1 }, (_, k) => {
    const s = 0.16 * ratio ** k;
    const a = s * width * 0.42;
    const floor = vy + s * height * 0.42;
    return { a, floor, spring: floor - s * height * 0.55 };
  });
  const light = endLight(canvas);
  const stoneLit = mix(look.far, light, look.outline === undefined ? 0.25 : 0);
  const stone = (k: number): string => mix(stoneLit, look.near, Math.min(1, (k + 1) / (ARCHES + 0.5)) ** 0.8);
  const lineColor = look.outline ?? '#000000';
  const farId = canvas.id('end');
  canvas.defs.push(`<radialGradient id="${farId}" cx="0.5" cy="0.65" r="0.7"><stop offset="0" stop-color="#ffffff" stop-opacity="0.95"/><stop offset="0.35" stop-color="${light}"/><stop offset="1" stop-color="${mix(light, look.far, 0.6)}"/></radialGradient>`);
  const first = arches[0];
  let svg = `<rect width="${width}" height="${height}" fill="${look.near}"/>`;
  if (first !== undefined) svg += `<path d="${opening(cx, first)}" fill="url(#${farId})"/>`;
  for (let k = 0; k < ARCHES; k++) {
    const [far, near] = [arches[k], arches[k + 1]];
    if (far === undefined || near === undefined) continue;
    // Walls and vault between two arches, then the floor, then the stone rib of the nearer arch.
    svg += `<path d="${opening(cx, near)}${opening(cx, far)}" fill="${stone(k)}" fill-rule="evenodd"/>`;
    const floor: Point[] = [[cx - far.a, far.floor], [cx + far.a, far.floor], [cx + near.a, near.floor], [cx - near.a, near.floor]];
    svg += `<path d="${polygonPath(floor)}" fill="${mix(stone(k), look.near, 0.25)}"/>`;
    let lines = '';
    for (let f = 0.12; f < 1; f += 0.14) {
      for (const side of [-1, 1]) {
        lines += `M${n(cx + side * far.a)} ${n(far.floor - f * (far.floor - far.spring))}L${n(cx + side * near.a)} ${n(near.floor - f * (near.floor - near.spring))}`;
      }
    }
    for (let t = -1; t <= 1.001; t += 0.25) lines += `M${n(cx + t * far.a)} ${n(far.floor)}L${n(cx + t * near.a)} ${n(near.floor)}`;
    const mid = (far.floor + near.floor) / 2;
    lines += `M${n(cx - (far.a + near.a) / 2)} ${n(mid)}H${n(cx + (far.a + near.a) / 2)}`;
    svg += `<path d="${lines}" stroke="${lineColor}" stroke-width="${n((0.5 + k * 0.25) * unit)}" opacity="${look.outline === undefined ? 0.28 : 0.55}" fill="none"/>`;
    const rib = near.a * 0.1;
    svg += `<path d="${opening(cx, near, rib)}${opening(cx, near)}" fill="${mix(stone(k + 1), stoneLit, 0.3)}" fill-rule="evenodd"${look.outline === undefined ? '' : ` stroke="${look.outline}" stroke-width="${n(unit)}"`}/>`;
    // Voussoirs: radial joints in the rib.
    let joints = '';
    for (let i = 1; i < 9; i++) {
      const angle = Math.PI + (i / 9) * Math.PI;
      joints += `M${n(cx + Math.cos(angle) * near.a)} ${n(near.spring + Math.sin(angle) * near.a)}L${n(cx + Math.cos(angle) * (near.a + rib))} ${n(near.spring + Math.sin(angle) * (near.a + rib))}`;
    }
    svg += `<path d="${joints}" stroke="${lineColor}" stroke-width="${n((0.6 + k * 0.3) * unit)}" opacity="0.35"/>`;
  }
  const torchArch = arches[ARCHES - 2];
  const next = arches[ARCHES - 1];
  if (torchArch !== undefined && next !== undefined) {
    const size = 7 * unit * ratio ** 2;
    for (const side of [-1, 1]) {
      const x = cx + side * (torchArch.a + next.a) * 0.5;
      const y = (torchArch.spring + next.spring) / 2 + (torchArch.floor - torchArch.spring) * 0.15;
      svg += torch(canvas, x, y, size);
    }
  }
  // Dust in the shaft of light.
  let dust = '';
  for (let i = 0; i < 40; i++) {
    const r = random() * (first?.a ?? 10) * 3;
    const angle = random() * Math.PI * 2;
    dust += `<circle cx="${n(cx + Math.cos(angle) * r)}" cy="${n(vy + Math.sin(angle) * r * 0.8)}" r="${n(between(random, 0.4, 1.2) * unit)}" opacity="${n(between(random, 0.2, 0.6))}"/>`;
  }
  return svg + `<g fill="${look.outline ?? light}">${dust}</g>`;
}
