/**
 * Fitting the prompt into the card's title band. The SVG renderer has no text measuring, so
 * widths are estimated from DejaVu Serif Bold's advances (measured once, grouped in classes),
 * a little on the wide side so a line never runs out of the band.
 */

const NARROW = new Set(" .,:;'!|iljI()[]-");
const SEMI = new Set('frtJ"*/1');
const WIDE = new Set('mwMWжшщыюфЖШЩЫЮФ—@%&');

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The user-perceived characters of `text`, so a cut never splits an emoji or an accent from its letter. */
export const graphemes = (text: string): string[] => Array.from(segmenter.segment(text), (s) => s.segment);

/** Estimated advance of one character (grapheme), in em. */
export function charWidthEm(char: string): number {
  // Emoji, accented letters written as two code points and the like: assume a full em.
  if (char.length > 1) return 1.1;
  if (NARROW.has(char)) return char === '-' || char === '(' || char === ')' ? 0.47 : 0.4;
  if (SEMI.has(char)) return 0.55;
  if (WIDE.has(char)) return char === char.toLowerCase() ? 1.08 : 1.3;
  if (char !== char.toLowerCase()) return 0.9;
  return 0.72;
}

export const textWidthEm = (text: string): number => graphemes(text).reduce((sum, char) => sum + charWidthEm(char), 0);

/**
 * The prompt as one clean line: characters XML cannot carry (controls, U+FFFE/U+FFFF, lone
 * surrogates) removed, runs of white space collapsed.
 */
export function cleanTitle(prompt: string): string {
  return prompt
    .replace(/[\u0000-\u001f\u007f-\u009f\ufffe\uffff]/g, ' ') // eslint-disable-line no-control-regex -- removing them is the point
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface TitleLayout {
  readonly lines: readonly string[];
  readonly fontSize: number;
}

/** Greedy word wrap at `maxEm` per line; a word longer than a line is cut at characters. */
function wrap(text: string, maxEm: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (textWidthEm(candidate) <= maxEm) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    line = '';
    for (const char of graphemes(word)) {
      if (textWidthEm(line + char) > maxEm && line !== '') {
        lines.push(line);
        line = '';
      }
      line += char;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

const ELLIPSIS = '…';
const MAX_GRAPHEMES = 400;

/** Shortens `line` until it and an ellipsis fit in `maxEm`, preferring to cut at a space. */
function withEllipsis(line: string, maxEm: number): string {
  let chars = graphemes(line);
  while (chars.length > 0 && textWidthEm(chars.join('') + ELLIPSIS) > maxEm) chars = chars.slice(0, -1);
  const cut = chars.join('');
  const space = cut.lastIndexOf(' ');
  const tidy = space > cut.length * 0.6 ? cut.slice(0, space) : cut;
  return tidy.replace(/[\s,.;:—-]+$/u, '') + ELLIPSIS;
}

/**
 * Picks the largest font size from `sizes` (largest first) at which `text` fits `maxLines` lines of
 * `maxWidth` pixels; at the smallest size the text is cut with an ellipsis.
 */
export function layoutTitle(text: string, maxWidth: number, sizes: readonly number[], maxLines: number): TitleLayout {
  // No title band holds more than a few hundred characters; wrapping the rest is wasted work.
  const clean = graphemes(cleanTitle(text)).slice(0, MAX_GRAPHEMES).join('');
  let fontSize = sizes[sizes.length - 1] ?? 16;
  for (const size of sizes) {
    if (wrap(clean, maxWidth / size).length <= maxLines) {
      return { lines: wrap(clean, maxWidth / size), fontSize: size };
    }
    fontSize = size;
  }
  const maxEm = maxWidth / fontSize;
  const lines = wrap(clean, maxEm);
  if (lines.length <= maxLines) return { lines, fontSize };
  const kept = lines.slice(0, maxLines);
  const last = kept.pop() ?? '';
  return { lines: [...kept, withEllipsis(last, maxEm)], fontSize };
}
