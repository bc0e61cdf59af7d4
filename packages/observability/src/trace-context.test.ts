import { describe, expect, it } from 'vitest';
import { formatTraceparent, newSpanId, newTraceId, parseTraceparent } from './index';

const valid = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('parseTraceparent', () => {
  it('parses a valid version-00 header', () => {
    expect(parseTraceparent(valid)).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      parentId: '00f067aa0ba902b7',
      flags: 1,
    });
    expect(parseTraceparent(` ${valid.replace(/-01$/, '-00')} `)?.flags).toBe(0);
  });

  it.each([
    ['missing', undefined],
    ['null', null],
    ['empty', ''],
    ['uppercase hex', valid.toUpperCase()],
    ['all-zero trace id', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
    ['all-zero parent id', '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'],
    ['other version', valid.replace(/^00/, '01')],
    ['version ff', valid.replace(/^00/, 'ff')],
    ['extra field', `${valid}-extra`],
    ['short trace id', '00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01'],
    ['non-hex', '00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01'],
    ['bad flags', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1'],
    ['wrong separators', valid.replaceAll('-', '_')],
  ])('rejects %s', (_name, header) => {
    expect(parseTraceparent(header)).toBeNull();
  });
});

describe('ids and formatting', () => {
  it('generates random lowercase-hex ids of the right length', () => {
    const traceIds = new Set(Array.from({ length: 100 }, () => newTraceId()));
    expect(traceIds.size).toBe(100);
    for (const id of traceIds) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(newSpanId()).toMatch(/^[0-9a-f]{16}$/);
  });

  it('formats what it parses, round trip', () => {
    const parsed = parseTraceparent(valid);
    expect(parsed).not.toBeNull();
    if (parsed !== null) expect(formatTraceparent(parsed)).toBe(valid);
    const fresh = { traceId: newTraceId(), parentId: newSpanId(), flags: 0 };
    expect(parseTraceparent(formatTraceparent(fresh))).toEqual(fresh);
  });

  it('refuses to format invalid parts', () => {
    expect(() => formatTraceparent({ traceId: 'abc', parentId: newSpanId(), flags: 1 })).toThrow(TypeError);
    expect(() => formatTraceparent({ traceId: newTraceId(), parentId: '0000000000000000', flags: 1 })).toThrow(TypeError);
    expect(() => formatTraceparent({ traceId: newTraceId(), parentId: newSpanId(), flags: 256 })).toThrow(TypeError);
  });
});
