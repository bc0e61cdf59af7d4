import { describe, expect, it } from 'vitest';
import { formatArrayLiteral, parseArrayLiteral } from './array-literal';

describe('parseArrayLiteral', () => {
  it('reads flat, empty, nested and NULL elements', () => {
    expect(parseArrayLiteral('{}')).toEqual([]);
    expect(parseArrayLiteral('{1,2,3}')).toEqual(['1', '2', '3']);
    expect(parseArrayLiteral('{1,NULL}')).toEqual(['1', null]);
    expect(parseArrayLiteral('{{1,2},{3,4}}')).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(parseArrayLiteral('{{},{}}')).toEqual([[], []]);
  });

  it('unescapes quoted elements, which keep NULL, commas and braces as text', () => {
    expect(parseArrayLiteral('{"a,b","say \\"hi\\"","back\\\\slash","NULL","","{x}"}')).toEqual([
      'a,b',
      'say "hi"',
      'back\\slash',
      'NULL',
      '',
      '{x}',
    ]);
  });

  it('skips a dimension decoration', () => {
    expect(parseArrayLiteral('[0:1]={7,8}')).toEqual(['7', '8']);
  });

  it('throws on text that is not an array literal at all', () => {
    for (const bad of ['1,2', '{1,2']) expect(() => parseArrayLiteral(bad), bad).toThrow(/Invalid array text/);
  });
});

describe('formatArrayLiteral', () => {
  it('quotes every element and round-trips through the parser', () => {
    const values = ['plain', 'a,b', 'say "hi"', 'back\\slash', '', 'NULL', null, undefined];
    const text = formatArrayLiteral(values, String);
    expect(text).toBe('{"plain","a,b","say \\"hi\\"","back\\\\slash","","NULL",NULL,NULL}');
    expect(parseArrayLiteral(text)).toEqual(['plain', 'a,b', 'say "hi"', 'back\\slash', '', 'NULL', null, null]);
  });

  it('nests arrays', () => {
    expect(formatArrayLiteral([[1, 2], [3]], String)).toBe('{{"1","2"},{"3"}}');
    expect(formatArrayLiteral([], String)).toBe('{}');
  });
});
