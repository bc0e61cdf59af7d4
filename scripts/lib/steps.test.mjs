import { describe, expect, it } from 'vitest';
import { formatDuration, formatSummary, runSteps } from './steps.mjs';

/** A clock that advances by the given durations, one per call. */
function steppingClock(/** @type {number[]} */ ...durations) {
  let now = 0;
  let call = 0;
  return () => {
    const current = now;
    now += durations[call % durations.length] ?? 0;
    call += 1;
    return current;
  };
}

describe('formatDuration', () => {
  it('uses the unit a human reads fastest', () => {
    expect(formatDuration(12.4)).toBe('12 ms');
    expect(formatDuration(1520)).toBe('1.5 s');
    expect(formatDuration(125_000)).toBe('2 min 05 s');
  });
});

describe('runSteps', () => {
  it('runs every step in order and reports each as ok with its note', async () => {
    /** @type {string[]} */
    const order = [];
    let output = '';
    const { ok, results } = await runSteps(
      [
        { name: 'first', run: () => { order.push('first'); return Promise.resolve(); } },
        { name: 'second', run: () => { order.push('second'); return Promise.resolve('with a note'); } },
      ],
      { write: (text) => (output += text), now: steppingClock(1000) },
    );
    expect(ok).toBe(true);
    expect(order).toEqual(['first', 'second']);
    expect(results.map((r) => [r.name, r.status, r.note])).toEqual([
      ['first', 'ok', ''],
      ['second', 'ok', 'with a note'],
    ]);
    expect(output).toContain('━━━ 1/2 first');
    expect(output).toContain('━━━ 2/2 second');
  });

  it('stops at the first failure and marks the rest as not run', async () => {
    let output = '';
    let ranAfterFailure = false;
    const { ok, results } = await runSteps(
      [
        { name: 'lint', run: () => Promise.reject(new Error('eslint exited with code 1\nmore detail')) },
        { name: 'tests', run: () => { ranAfterFailure = true; return Promise.resolve(); } },
      ],
      { write: (text) => (output += text), now: steppingClock(10) },
    );
    expect(ok).toBe(false);
    expect(ranAfterFailure).toBe(false);
    expect(results.map((r) => r.status)).toEqual(['FAILED', 'not run']);
    expect(results[0]?.note).toBe('eslint exited with code 1');
    expect(output).toContain('more detail');
    expect(output).toMatch(/total\s+FAILED/);
  });
});

describe('formatSummary', () => {
  it('lines up steps, results and times in columns', () => {
    const table = formatSummary(
      [
        { name: 'typecheck', status: 'ok', ms: 12_300, note: '' },
        { name: 'e2e tests', status: 'not run', ms: null, note: '' },
      ],
      12_300,
    );
    expect(table.split('\n')).toEqual([
      'step          result   time    note',
      '------------  -------  ------  ----',
      '1. typecheck  ok       12.3 s',
      '2. e2e tests  not run  —',
      'total         FAILED   12.3 s',
    ]);
  });
});
