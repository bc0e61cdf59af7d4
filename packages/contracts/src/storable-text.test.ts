import { describe, expect, it } from 'vitest';
import { isUnstorableText, unstorableTextAt } from './storable-text';

describe('isUnstorableText', () => {
  it('flags U+0000 and unpaired surrogates, not paired ones or other control characters', () => {
    expect(isUnstorableText('a\u0000b')).toBe(true);
    expect(isUnstorableText('\uD800')).toBe(true);
    expect(isUnstorableText('x\uDC00')).toBe(true);
    expect(isUnstorableText('\uDC00\uD800')).toBe(true);
    expect(isUnstorableText('😀 dice \u0001 \t é')).toBe(false);
    expect(isUnstorableText('')).toBe(false);
  });
});

describe('unstorableTextAt', () => {
  it('points at the first unstorable string or key, as a JSON Pointer', () => {
    expect(unstorableTextAt({ title: 'ok', nested: { list: ['fine', 'bad\u0000'] } })).toBe('/nested/list/1');
    expect(unstorableTextAt({ 'a/b~': { 'k\uD800': 1 } })).toBe('/a~1b~0/k\uD800');
    expect(unstorableTextAt('\u0000')).toBe('');
  });

  it('finds nothing in storable values', () => {
    expect(unstorableTextAt({ title: 'Curse of Strahd 😀', n: 1, ok: true, none: null, list: [] })).toBeUndefined();
    expect(unstorableTextAt(42)).toBeUndefined();
  });
});
