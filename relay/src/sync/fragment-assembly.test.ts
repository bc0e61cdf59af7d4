import { describe, expect, it } from 'vitest';
import { FragmentAssembly, FragmentBudget } from './fragment-assembly';

const fragment = (ref: number, totalBytes: number, offset: number, bytes: number[]) => ({ type: 'update-fragment' as const, ref, totalBytes, offset, chunk: Uint8Array.from(bytes) });
const none = () => undefined;

describe('FragmentAssembly (SYNC-FRAG-2…5)', () => {
  it('SYNC-FRAG-3 joins in-order fragments into the update and releases the budget', () => {
    const budget = new FragmentBudget(100);
    const assembly = new FragmentAssembly({ maxUpdateBytes: 10, budget });
    expect(assembly.accept(fragment(1, 5, 0, [1, 2]), none)).toEqual({ kind: 'partial' });
    expect(budget.heldBytes).toBe(2);
    expect(assembly.inProgress).toBe(true);
    expect(assembly.accept(fragment(1, 5, 2, [3, 4, 5]), none)).toEqual({ kind: 'complete', ref: 1, update: Uint8Array.of(1, 2, 3, 4, 5) });
    expect(budget.heldBytes).toBe(0);
    expect(assembly.inProgress).toBe(false);
  });

  it('SYNC-FRAG-2 a gap, a different total, another ref in the middle, or a first fragment past byte 0 is a violation', () => {
    const budget = new FragmentBudget(100);
    const assembly = new FragmentAssembly({ maxUpdateBytes: 10, budget });
    expect(assembly.accept(fragment(1, 5, 1, [1]), none).kind).toBe('violation');
    assembly.accept(fragment(1, 5, 0, [1]), none);
    expect(assembly.accept(fragment(1, 5, 2, [3]), none).kind).toBe('violation');
    expect(budget.heldBytes).toBe(0);
    assembly.accept(fragment(1, 5, 0, [1]), none);
    expect(assembly.accept(fragment(1, 6, 1, [2]), none).kind).toBe('violation');
    assembly.accept(fragment(1, 5, 0, [1]), none);
    expect(assembly.accept(fragment(2, 5, 1, [2]), none).kind).toBe('violation');
    expect(assembly.inProgress).toBe(false);
  });

  it('SYNC-FRAG-4 an update declared longer than the limit is refused on its first fragment; the rest are dropped unbuffered', () => {
    const budget = new FragmentBudget(100);
    const assembly = new FragmentAssembly({ maxUpdateBytes: 4, budget });
    expect(assembly.accept(fragment(3, 6, 0, [1, 2, 3]), none)).toEqual({ kind: 'refused', ref: 3, code: 'doc_too_large' });
    expect(budget.heldBytes).toBe(0);
    expect(assembly.accept(fragment(3, 6, 3, [4, 5, 6]), none)).toEqual({ kind: 'dropped' });
    expect(assembly.inProgress).toBe(false);
    // The sender may give up on the rest of a refused update: the next one starts afresh.
    expect(assembly.accept(fragment(6, 6, 0, [1, 2, 3]), none)).toEqual({ kind: 'refused', ref: 6, code: 'doc_too_large' });
    expect(assembly.inProgress).toBe(false);
    expect(assembly.accept(fragment(4, 2, 0, [7, 8]), none)).toEqual({ kind: 'complete', ref: 4, update: Uint8Array.of(7, 8) });
  });

  it('SYNC-FRAG-4 a refusal that holds whatever the update contains (read-only) is answered on the first fragment', () => {
    const assembly = new FragmentAssembly({ maxUpdateBytes: 100, budget: new FragmentBudget(100) });
    expect(assembly.accept(fragment(5, 4, 0, [1, 2]), () => 'read_only')).toEqual({ kind: 'refused', ref: 5, code: 'read_only' });
    expect(assembly.accept(fragment(5, 4, 2, [3, 4]), () => 'read_only')).toEqual({ kind: 'dropped' });
  });

  it('SYNC-FRAG-4 the process budget is shared: past it the connection is told to go away (busy) and frees what it held', () => {
    const budget = new FragmentBudget(5);
    const a = new FragmentAssembly({ maxUpdateBytes: 100, budget });
    const b = new FragmentAssembly({ maxUpdateBytes: 100, budget });
    expect(a.accept(fragment(1, 10, 0, [1, 2, 3]), none).kind).toBe('partial');
    expect(b.accept(fragment(1, 10, 0, [1, 2]), none).kind).toBe('partial');
    expect(b.accept(fragment(1, 10, 2, [3]), none)).toEqual({ kind: 'busy' });
    expect(budget.heldBytes).toBe(3);
    a.clear();
    expect(budget.heldBytes).toBe(0);
    expect(() => new FragmentBudget(0)).toThrow(RangeError);
  });
});
