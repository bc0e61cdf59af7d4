import { describe, expect, it } from 'vitest';
import { SendBudget, sendBufferBound } from './send-budget';

describe('SendBudget (SYNC-LIMIT-5)', () => {
  it('SYNC-LIMIT-5: admits sends while the unsent bytes stay within the bound plus the largest frame sent', () => {
    const budget = new SendBudget(1000);
    expect(budget.admits(0, 5000)).toBe(true); // one big frame (a whole doc on join) always goes
    expect(budget.admits(5000, 10)).toBe(true); // the peer is still downloading it: not slow yet
    expect(budget.admits(6000, 10)).toBe(true); // exactly bound + largest frame
    expect(budget.admits(6001, 10)).toBe(false); // further behind than that: slow
  });

  it('SYNC-LIMIT-5: a fresh socket may queue up to the bound before the first refusal', () => {
    const budget = new SendBudget(1000);
    expect(budget.admits(1000, 1)).toBe(true);
    expect(budget.admits(1002, 1)).toBe(false);
  });

  it('never goes below twice the frame limit, and refuses a non-positive bound', () => {
    expect(sendBufferBound(100, 1000)).toBe(2000);
    expect(sendBufferBound(4_194_304, 1_048_576)).toBe(4_194_304);
    expect(() => new SendBudget(0)).toThrow(RangeError);
  });
});
