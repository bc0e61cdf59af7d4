import { describe, expect, it } from 'vitest';
import { DatabaseError } from '../errors';
import { decodeRows, decodeValue } from './decode';
import { oid } from './oids';

describe('decodeValue', () => {
  it('turns int8 into a number up to Number.MAX_SAFE_INTEGER and refuses beyond', () => {
    expect(decodeValue(oid.int8, '9007199254740991', 'n')).toBe(9007199254740991);
    expect(decodeValue(oid.int8, '-9007199254740991', 'n')).toBe(-9007199254740991);
    expect(() => decodeValue(oid.int8, '9007199254740992', 'n')).toThrow(DatabaseError);
    expect(() => decodeValue(oid.int8, '-9007199254740992', 'n')).toThrow(/MAX_SAFE_INTEGER/);
  });

  it('reads hex bytea and refuses the escape format', () => {
    expect(decodeValue(oid.bytea, '\\x00ff', 'b')).toEqual(new Uint8Array([0, 255]));
    expect(decodeValue(oid.bytea, '\\x', 'b')).toEqual(new Uint8Array([]));
    expect(() => decodeValue(oid.bytea, 'abc\\000', 'b')).toThrow(/bytea_output/);
  });

  it('keeps unknown types and numeric as text, and NULL as null', () => {
    expect(decodeValue(oid.numeric, '1.10', 'x')).toBe('1.10');
    expect(decodeValue(99999, '(1,2)', 'x')).toBe('(1,2)');
    expect(decodeValue(oid.int4, null, 'x')).toBeNull();
  });

  it('parses special float values', () => {
    expect(decodeValue(oid.float8, 'NaN', 'f')).toBeNaN();
    expect(decodeValue(oid.float8, '-Infinity', 'f')).toBe(-Infinity);
  });

  it('decodes arrays element by element', () => {
    expect(decodeValue(1016, '{1,NULL,-3}', 'a')).toEqual([1, null, -3]);
    expect(decodeValue(1000, '{t,f}', 'a')).toEqual([true, false]);
    expect(() => decodeValue(1016, '{9007199254740993}', 'a')).toThrow(DatabaseError);
  });
});

describe('decodeRows', () => {
  it('builds objects by column name; a later duplicate wins; __proto__ is an ordinary key', () => {
    const rows = decodeRows(
      [
        { name: 'a', typeId: oid.int4 },
        { name: 'a', typeId: oid.text },
        { name: '__proto__', typeId: oid.text },
      ],
      [['1', 'one', 'p']],
    );
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect(row?.a).toBe('one');
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(Object.keys(row ?? {})).toEqual(['a', '__proto__']);
  });
});
