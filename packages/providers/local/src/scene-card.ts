import type { MediaLanguage } from '@rpg-bot/spi';
import { between } from './random';
import type { Canvas } from './scene-canvas';
import { layoutTitle } from './scene-text';
import { escapeXml, mix, n, verticalGradient } from './svg';

export const TITLE_FONT = "'DejaVu Serif', 'Noto Serif', 'Liberation Serif', serif";
const LABEL_FONT = "'DejaVu Sans', 'Noto Sans', 'Liberation Sans', sans-serif";

/** The honest corner label: this is composed, not generated from the prompt by a model. */
const LABELS: Readonly<Record<MediaLanguage, string>> = { en: 'PROCEDURAL', ru: 'ПРОЦЕДУРНАЯ' };

/** `count` dots as two paths (faint and bright): one element per dot would cost more than the scene. */
function specks(canvas: Canvas, count: number, top: number, radius: readonly [number, number]): readonly [string, string] {
  const { width, height, unit, random } = canvas;
  const paths: [string, string] = ['', ''];
  for (let i = 0; i < count; i++) {
    const [x, y, r] = [random() * width, top + random() * (height - top), between(random, radius[0], radius[1]) * unit];
    paths[random() < 0.5 ? 0 : 1] += `M${n(x - r)} ${n(y)}a${n(r)} ${n(r)} 0 1 0 ${n(2 * r)} 0a${n(r)} ${n(r)} 0 1 0 ${n(-2 * r)} 0Z`;
  }
  return paths;
}

/** Weather over the whole scene: falling snow, or embers rising in a fire. */
export function drawWeather(canvas: Canvas): string {
  const { width, height, look, plan } = canvas;
  if (plan.snow && plan.terrain !== 'dungeon' && look.outline === undefined) {
    const [faint, bright] = specks(canvas, Math.round(110 * (width / 512)), 0, [0.6, 2]);
    return `<g fill="#ffffff"><path d="${faint}" opacity="0.45"/><path d="${bright}" opacity="0.85"/></g>`;
  }
  if (plan.palette === 'fire' && look.outline === undefined) {
    const [faint, bright] = specks(canvas, Math.round(45 * (width / 512)), height * 0.25, [0.6, 1.8]);
    return `<g fill="#ffb35c"><path d="${faint}" opacity="0.5"/><path d="${bright}" opacity="0.95"/></g>`;
  }
  return '';
}

/** Darkened corners (painted) or a wash at the paper's edges (ink), and paper grain for ink. */
function vignette(canvas: Canvas): string {
  const { width, height, look, random, unit } = canvas;
  const id = canvas.id('vignette');
  const color = look.outline ?? '#000000';
  const strength = look.outline === undefined ? 0.42 : 0.22;
  canvas.defs.push(
    `<radialGradient id="${id}" cx="0.5" cy="0.45" r="0.75"><stop offset="0.55" stop-color="${color}" stop-opacity="0"/><stop offset="1" stop-color="${color}" stop-opacity="${strength}"/></radialGradient>`,
  );
  let svg = `<rect width="${width}" height="${height}" fill="url(#${id})"/>`;
  if (look.outline !== undefined) {
    let grain = '';
    for (let i = 0; i < 260 * ((width * height) / 512 / 512); i++) grain += `M${n(random() * width)} ${n(random() * height)}h${n(between(random, 0.6, 2.4) * unit)}`;
    svg += `<path d="${grain}" stroke="${look.outline}" stroke-width="${n(0.7 * unit)}" opacity="0.16"/>`;
  }
  return svg;
}

/** The title band (the prompt, wrapped and cut to fit), the frame and the corner label. */
export function drawCard(canvas: Canvas, prompt: string, language: MediaLanguage): string {
  const { width, height, unit, look } = canvas;
  const ink = look.outline !== undefined;
  const pad = 30 * unit;
  const { lines, fontSize } = layoutTitle(prompt, width - pad * 2, [30, 27, 24, 21, 18].map((s) => s * unit), height > width ? 3 : 2);
  const lineHeight = fontSize * 1.22;
  const bandHeight = lines.length * lineHeight + 34 * unit;
  const bandTop = height - bandHeight - 8 * unit;
  let svg = vignette(canvas);
  const bandId = canvas.id('band');
  if (ink) {
    svg += `<rect x="${n(14 * unit)}" y="${n(bandTop)}" width="${n(width - 28 * unit)}" height="${n(bandHeight - 6 * unit)}" fill="${look.band}" opacity="0.93"/>`;
    svg += `<path d="M${n(22 * unit)} ${n(bandTop + 6 * unit)}H${n(width - 22 * unit)}M${n(22 * unit)} ${n(bandTop + bandHeight - 12 * unit)}H${n(width - 22 * unit)}" stroke="${look.text}" stroke-width="${n(0.8 * unit)}"/>`;
  } else {
    const from = bandTop - 50 * unit;
    canvas.defs.push(verticalGradient(bandId, [[0, look.band, 0], [(bandTop - from) / (height - from), look.band, 0.62], [1, look.band, 0.9]]));
    svg += `<rect x="0" y="${n(from)}" width="${width}" height="${n(height - from)}" fill="url(#${bandId})"/>`;
  }
  // An ornament above the title: a rule with a diamond.
  const oy = bandTop + 12 * unit;
  const half = Math.min(width * 0.3, 150 * unit);
  const d = 3.2 * unit;
  svg += `<path d="M${n(width / 2 - half)} ${n(oy)}H${n(width / 2 - d * 3)}M${n(width / 2 + d * 3)} ${n(oy)}H${n(width / 2 + half)}" stroke="${look.accent}" stroke-width="${n(0.9 * unit)}" opacity="0.8"/>`;
  svg += `<path d="M${n(width / 2)} ${n(oy - d)}l${n(d)} ${n(d)}l${n(-d)} ${n(d)}l${n(-d)} ${n(-d)}Z" fill="${look.accent}" opacity="0.9"/>`;
  const text = lines
    .map((line, i) => `<tspan x="${n(width / 2)}" y="${n(oy + 10 * unit + fontSize * 0.95 + i * lineHeight)}">${escapeXml(line)}</tspan>`)
    .join('');
  const attributes = `font-family="${TITLE_FONT}" font-weight="bold" font-size="${n(fontSize)}" text-anchor="middle"`;
  if (!ink) svg += `<text ${attributes} fill="#000000" opacity="0.55" transform="translate(${n(unit)} ${n(1.6 * unit)})">${text}</text>`;
  svg += `<text ${attributes} fill="${look.text}">${text}</text>`;
  // The frame: a dark edge and a thin gilt (or ink) line inside it.
  svg += `<rect x="${n(unit)}" y="${n(unit)}" width="${n(width - 2 * unit)}" height="${n(height - 2 * unit)}" fill="none" stroke="${ink ? look.text : '#000000'}" stroke-width="${n(2 * unit)}" opacity="0.6"/>`;
  svg += `<rect x="${n(8 * unit)}" y="${n(8 * unit)}" width="${n(width - 16 * unit)}" height="${n(height - 16 * unit)}" fill="none" stroke="${look.accent}" stroke-width="${n(1.1 * unit)}" opacity="${ink ? 0.7 : 0.55}"/>`;
  const label = LABELS[language];
  const labelSize = 8.5 * unit;
  const labelWidth = label.length * labelSize * 0.78 + 10 * unit;
  const lx = width - 14 * unit - labelWidth;
  svg += `<rect x="${n(lx)}" y="${n(14 * unit)}" width="${n(labelWidth)}" height="${n(labelSize + 7 * unit)}" rx="${n(3 * unit)}" fill="${ink ? look.band : mix(look.band, '#000000', 0.3)}" opacity="${ink ? 0.9 : 0.5}"/>`;
  svg += `<text x="${n(lx + labelWidth / 2)}" y="${n(14 * unit + labelSize + 2.2 * unit)}" font-family="${LABEL_FONT}" font-size="${n(labelSize)}" letter-spacing="${n(1.1 * unit)}" text-anchor="middle" fill="${look.text}" opacity="0.85">${label}</text>`;
  return svg;
}
