import { describe, expect, it } from 'vitest';
import { cleanTitle, graphemes, layoutTitle, textWidthEm } from './scene-text';

const SIZES = [30, 27, 24, 21, 18];

describe('layoutTitle', () => {
  it('keeps a short title on one line at the largest size', () => {
    expect(layoutTitle('The Prancing Pony', 700, SIZES, 2)).toEqual({ lines: ['The Prancing Pony'], fontSize: 30 });
  });

  it('shrinks the font before it wraps past the line limit', () => {
    const layout = layoutTitle('A ruined watchtower above a misty valley, where the old road forks', 450, SIZES, 2);
    expect(layout.lines.length).toBeLessThanOrEqual(2);
    for (const line of layout.lines) expect(textWidthEm(line) * layout.fontSize).toBeLessThanOrEqual(450);
  });

  it('cuts a long prompt with an ellipsis and keeps every line inside the band', () => {
    const prompt = 'The caravan road winds past the salt flats and the broken statues of forgotten kings. '.repeat(25);
    const layout = layoutTitle(prompt, 450, SIZES, 2);
    expect(layout.fontSize).toBe(18);
    expect(layout.lines).toHaveLength(2);
    expect(layout.lines[1]?.endsWith('…')).toBe(true);
    for (const line of layout.lines) expect(textWidthEm(line) * 18).toBeLessThanOrEqual(450);
  });

  it('breaks a word longer than a line', () => {
    const layout = layoutTitle('Ы'.repeat(200), 300, [20], 3);
    expect(layout.lines).toHaveLength(3);
    for (const line of layout.lines) expect(textWidthEm(line) * 20).toBeLessThanOrEqual(300);
  });

  it('never splits an emoji or an accent from its letter', () => {
    const layout = layoutTitle('🐉'.repeat(60), 200, [20], 2);
    const last = layout.lines.at(-1) ?? '';
    expect(graphemes(last).every((g) => g === '🐉' || g === '…')).toBe(true);
    expect(graphemes('é🧙‍♂️a')).toEqual(['é', '🧙‍♂️', 'a']);
  });
});

describe('cleanTitle', () => {
  it('drops characters XML cannot carry and collapses white space', () => {
    expect(cleanTitle('  Door\u0000 of\u0007\n\tthe\uFFFE Deep\uD800  ')).toBe('Door of the Deep');
    expect(cleanTitle('Dragon 🐉 lair')).toBe('Dragon 🐉 lair');
  });
});
