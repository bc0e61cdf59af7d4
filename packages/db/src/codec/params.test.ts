import { describe, expect, it } from 'vitest';
import { DatabaseError } from '../errors';
import { encodeParam, encodeParams } from './params';

describe('encodeParam', () => {
  it('encodes scalars as text', () => {
    expect(encodeParam('x', 0)).toBe('x');
    expect(encodeParam(1.5, 0)).toBe('1.5');
    expect(encodeParam(12345678901234567890n, 0)).toBe('12345678901234567890');
    expect(encodeParam(true, 0)).toBe('true');
    expect(encodeParam(false, 0)).toBe('false');
    expect(encodeParam(null, 0)).toBeNull();
    expect(encodeParam(undefined, 0)).toBeNull();
    expect(encodeParam(new Date('2024-01-02T03:04:05.006Z'), 0)).toBe('2024-01-02T03:04:05.006Z');
  });

  it('passes bytes through as a Uint8Array over the same memory (sent binary), whatever the typed array', () => {
    expect(encodeParam(new Uint8Array([0, 15, 255]), 0)).toEqual(new Uint8Array([0, 15, 255]));
    expect(encodeParam(Buffer.from('hi'), 0)).toEqual(new Uint8Array([0x68, 0x69]));
    expect(encodeParam(new Uint16Array([1]), 0)).toEqual(new Uint8Array([1, 0]));
    expect(encodeParam(new Uint8Array([1, 2, 3]).subarray(1), 0)).toEqual(new Uint8Array([2, 3]));
  });

  it('encodes plain objects as JSON and arrays as array literals', () => {
    expect(encodeParam({ a: [1, 'x'] }, 0)).toBe('{"a":[1,"x"]}');
    expect(encodeParam([1, null, 'a"b'], 0)).toBe('{"1",NULL,"a\\"b"}');
    expect(encodeParam([[true], [false]], 0)).toBe('{{"true"},{"false"}}');
    expect(encodeParam([new Uint8Array([1])], 0)).toBe('{"\\\\x01"}');
    expect(encodeParam([{ k: 1 }], 0)).toBe('{"{\\"k\\":1}"}');
  });

  it('names the parameter it cannot encode', () => {
    expect(() => encodeParam(new Date(Number.NaN), 2)).toThrow(/\$3 is an invalid Date/);
    expect(() => encodeParam(Symbol('s'), 0)).toThrow(DatabaseError);
    expect(() => encodeParam(() => 1, 0)).toThrow(/unsupported type \(function\)/);
  });
});

describe('encodeParams', () => {
  it('encodes a list and treats a missing list as none', () => {
    expect(encodeParams(undefined)).toEqual([]);
    expect(encodeParams([1, 'a', null])).toEqual(['1', 'a', null]);
  });
});
