import { describe, expect, it } from 'vitest';
import * as compiled from './generated/validators';
import { validators } from './validators';

describe('validators', () => {
  it('has one entry per compiled schema, named after its title', () => {
    const expected = Object.keys(compiled).map((title) => title.charAt(0).toLowerCase() + title.slice(1));
    expect(Object.keys(validators).sort()).toEqual(expected.sort());
  });

  it('returns the input itself, typed, when it is valid', () => {
    const report = { message: 'Script error.', occurredAt: '2026-11-24T18:03:12Z' };
    const result = validators.clientErrorReport(report);
    expect(result).toEqual({ ok: true, value: report });
    if (result.ok) expect(result.value).toBe(report);
  });

  it('lists every problem, not just the first', () => {
    const result = validators.clientErrorReport({ message: '', stack: 42, extra: true });
    expect(result).toEqual({
      ok: false,
      issues: [
        { path: '/extra', message: 'is not allowed' },
        { path: '/message', message: 'must not be empty' },
        { path: '/occurredAt', message: 'is required' },
        { path: '/stack', message: 'must be of type string' },
      ],
    });
  });

  it('rejects non-objects at the root with an empty path', () => {
    for (const input of [null, 'text', 42, []]) {
      expect(validators.healthResponse(input)).toEqual({ ok: false, issues: [{ path: '', message: 'must be of type object' }] });
    }
  });

  it('counts string lengths in code points, as JSON Schema does', () => {
    const dragons = '🐉'.repeat(2000); // 4000 UTF-16 code units
    expect(validators.clientErrorReport({ message: dragons, occurredAt: '2026-11-24T18:03:12Z' }).ok).toBe(true);
  });

  it('gives the same answer when called again (no state leaks between calls)', () => {
    const bad = { accepted: false };
    const first = validators.clientErrorReportAccepted(bad);
    expect(validators.clientErrorReportAccepted({ accepted: true }).ok).toBe(true);
    expect(validators.clientErrorReportAccepted(bad)).toEqual(first);
  });
});
