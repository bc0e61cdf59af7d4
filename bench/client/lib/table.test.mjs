import { describe, expect, it } from 'vitest';
import { kb, mb, ms, renderBudgetTable, spread } from './table.mjs';

describe('spread', () => {
  it('reports nearest-rank median, p95, p99 and max', () => {
    const samples = Array.from({ length: 100 }, (_, index) => 100 - index);
    expect(spread(samples)).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100 });
    expect(spread([]).p50).toBeNaN();
  });
});

describe('formats', () => {
  it('prints milliseconds, kilobytes and megabytes', () => {
    expect(ms(12.345)).toBe('12.3 ms');
    expect(ms(1234.5)).toBe('1235 ms');
    expect(ms(Number.NaN)).toBe('—');
    expect(kb(204_800)).toBe('200.0 KB');
    expect(mb(5_000_030)).toBe('5.00 MB');
  });
});

describe('renderBudgetTable', () => {
  it('renders a Markdown table with a bold "no" for a missed budget', () => {
    const table = renderBudgetTable('T', [
      { measure: 'a', value: '1 ms', budget: '≤ 2 ms', met: true },
      { measure: 'b', value: '3 ms', budget: '≤ 2 ms', met: false },
      { measure: 'c', value: 'x' },
    ]);
    expect(table.split('\n')).toEqual([
      '### T',
      '',
      '| Measure | Value | Budget | Met    |',
      '| ------- | ----- | ------ | ------ |',
      '| a       | 1 ms  | ≤ 2 ms | yes    |',
      '| b       | 3 ms  | ≤ 2 ms | **no** |',
      '| c       | x     |        |        |',
      '',
    ]);
  });
});
