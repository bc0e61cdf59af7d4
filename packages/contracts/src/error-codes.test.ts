import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { repoRoot } from '../scripts/lib/schema-files.mjs';
import { errorCodes, isErrorCode } from './error-codes';
import type { ErrorCode } from './generated/types';

interface ErrorSchema {
  $defs: { ErrorCode: { oneOf: { const: string; description?: string }[] } };
}

const schema = JSON.parse(readFileSync(join(repoRoot, 'contracts/jsonschema/error.json'), 'utf8')) as ErrorSchema;
const choices = schema.$defs.ErrorCode.oneOf;

describe('errorCodes', () => {
  it('lists the codes of contracts/jsonschema/error.json, in order', () => {
    expect(errorCodes).toEqual(choices.map((c) => c.const));
  });

  it('covers the ErrorCode type exactly', () => {
    expectTypeOf<(typeof errorCodes)[number]>().toEqualTypeOf<ErrorCode>();
  });

  it('has no duplicates and a description for every code', () => {
    expect(new Set(errorCodes).size).toBe(errorCodes.length);
    expect(choices.filter((c) => !c.description).map((c) => c.const)).toEqual([]);
  });
});

describe('isErrorCode', () => {
  it('accepts every known code', () => {
    expect(errorCodes.every((code) => isErrorCode(code))).toBe(true);
  });

  it('rejects anything else', () => {
    for (const value of ['teapot', 'NOT_FOUND', '', null, undefined, 404, {}]) {
      expect(isErrorCode(value), JSON.stringify(value)).toBe(false);
    }
  });
});
