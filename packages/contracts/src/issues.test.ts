import { describe, expect, it } from 'vitest';
import { toIssues } from './issues';
import type { RawValidationError } from './raw-validator';

const error = (e: Partial<RawValidationError> & Pick<RawValidationError, 'keyword'>): RawValidationError => ({
  instancePath: '',
  schemaPath: '#/x',
  params: {},
  ...e,
});

describe('toIssues', () => {
  it('points at a missing or unexpected property, escaping it as a JSON Pointer segment', () => {
    expect(
      toIssues([
        error({ keyword: 'required', instancePath: '/a', params: { missingProperty: 'b/c' } }),
        error({ keyword: 'additionalProperties', instancePath: '/a', params: { additionalProperty: 'd~e' } }),
      ]),
    ).toEqual([
      { path: '/a/b~1c', message: 'is required' },
      { path: '/a/d~0e', message: 'is not allowed' },
    ]);
  });

  it('merges a failed oneOf of constants into one "must be one of"', () => {
    const issues = toIssues([
      error({ keyword: 'const', instancePath: '/code', schemaPath: '#/$defs/C/oneOf/0/const', params: { allowedValue: 'a' } }),
      error({ keyword: 'const', instancePath: '/code', schemaPath: '#/$defs/C/oneOf/1/const', params: { allowedValue: 'b' } }),
      error({ keyword: 'oneOf', instancePath: '/code', schemaPath: '#/$defs/C/oneOf', params: { passingSchemas: null } }),
    ]);
    expect(issues).toEqual([{ path: '/code', message: 'must be one of "a", "b"' }]);
  });

  it('keeps the branch errors of a oneOf whose branches are not constants', () => {
    const issues = toIssues([
      error({ keyword: 'type', schemaPath: '#/oneOf/0/type', params: { type: 'string' } }),
      error({ keyword: 'oneOf', schemaPath: '#/oneOf', message: 'must match exactly one schema in oneOf' }),
    ]);
    expect(issues).toEqual([
      { path: '', message: 'must be of type string' },
      { path: '', message: 'must match exactly one schema in oneOf' },
    ]);
  });

  it('drops the "must match then" noise of if/then and duplicates', () => {
    const maxItems = error({ keyword: 'maxItems', instancePath: '/p', params: { limit: 2 } });
    const issues = toIssues([error({ keyword: 'if', message: 'must match "then" schema' }), maxItems, maxItems]);
    expect(issues).toEqual([{ path: '/p', message: 'must have at most 2 items' }]);
  });

  it('sorts by path, then message', () => {
    const issues = toIssues([
      error({ keyword: 'minimum', instancePath: '/b', message: 'must be >= 0' }),
      error({ keyword: 'type', instancePath: '/a', params: { type: 'string,null' } }),
      error({ keyword: 'format', instancePath: '/a', message: 'must match format "uri"' }),
    ]);
    expect(issues.map((i) => `${i.path} ${i.message}`)).toEqual([
      '/a must be of type string or null',
      '/a must match format "uri"',
      '/b must be >= 0',
    ]);
  });

  it('does not quote long patterns', () => {
    const long = error({ keyword: 'pattern', params: { pattern: `^[${'a'.repeat(80)}]$` } });
    const short = error({ keyword: 'pattern', params: { pattern: '^[a-z]+$' } });
    expect(toIssues([long, short]).map((i) => i.message)).toEqual([
      'contains characters or a form this field does not allow',
      'must match the pattern ^[a-z]+$',
    ]);
  });

  it('falls back to a message naming the rule', () => {
    expect(toIssues([error({ keyword: 'uniqueItems' })])).toEqual([{ path: '', message: 'fails the "uniqueItems" rule' }]);
  });
});
