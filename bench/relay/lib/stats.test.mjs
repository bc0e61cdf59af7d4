import { describe, expect, it } from 'vitest';
import { percentile, summarize } from './stats.mjs';

describe('percentile', () => {
  it('takes the nearest rank of an ascending array', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(sorted, 50)).toBe(5);
    expect(percentile(sorted, 99)).toBe(10);
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('summarize', () => {
  it('sorts a copy and reports count, min, mean, percentiles and max', () => {
    const samples = [9, 1, 5, 3, 7];
    expect(summarize(samples)).toEqual({ count: 5, min: 1, mean: 5, p50: 5, p90: 9, p99: 9, max: 9 });
    expect(samples).toEqual([9, 1, 5, 3, 7]);
  });
});
