import { seededRandom } from '@rpg-bot/kit';
import { describe, expect, it } from 'vitest';
import { cryptoRandom, DICE_LIMITS, parseDice, rollDice } from './dice';
import type { ParsedDice, RandomInt } from './dice';

/** A seeded generator with `crypto.randomInt`'s contract: an integer in [min, max). */
function seeded(seed: number): RandomInt {
  const random = seededRandom(seed);
  return (min, max) => min + Math.floor(random() * (max - min));
}

/** Returns the given values in order (each must lie in the requested range). */
function scripted(values: number[]): RandomInt {
  return (min, max) => {
    const value = values.shift();
    if (value === undefined || value < min || value >= max) throw new Error(`scripted value ${String(value)} outside [${String(min)}, ${String(max)})`);
    return value;
  };
}

function parsed(expression: string, mode?: 'normal' | 'advantage' | 'disadvantage'): ParsedDice {
  const result = parseDice(expression, mode);
  if (!result.ok) throw new Error(`${expression}: ${result.message}`);
  return result.dice;
}

describe('parseDice', () => {
  it.each([
    ['1d20', [{ count: 1, sides: 20, sign: 1 }], 0],
    ['d20+5', [{ count: 1, sides: 20, sign: 1 }], 5],
    ['2d6+3', [{ count: 2, sides: 6, sign: 1 }], 3],
    ['4d6kh3', [{ count: 4, sides: 6, sign: 1, keep: { which: 'highest', count: 3 } }], 0],
    ['2d20kl1-1', [{ count: 2, sides: 20, sign: 1, keep: { which: 'lowest', count: 1 } }], -1],
    ['1d20 - 1d4 + 2 - 3', [{ count: 1, sides: 20, sign: 1 }, { count: 1, sides: 4, sign: -1 }], -1],
    ['3D8', [{ count: 3, sides: 8, sign: 1 }], 0],
    ['100d2', [{ count: 100, sides: 2, sign: 1 }], 0],
    ['1d1000', [{ count: 1, sides: 1000, sign: 1 }], 0],
    ['-d6+10', [{ count: 1, sides: 6, sign: -1 }], 10],
    ['1 d 6\t+ 2\n', [{ count: 1, sides: 6, sign: 1 }], 2],
  ])('reads %s', (expression, terms, modifier) => {
    expect(parsed(expression)).toEqual({ terms, modifier });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['5', 'no dice'],
    ['3+4', 'no dice'],
    ['d', 'not a dice term'],
    ['1d', 'not a dice term'],
    ['0d6', '1 to 100 dice'],
    ['101d6', '1 to 100 dice'],
    ['1d1', '2 to 1000 sides'],
    ['1d0', '2 to 1000 sides'],
    ['1d1001', '2 to 1000 sides'],
    ['4d6kh0', 'keeps 1 to 4'],
    ['4d6kh5', 'keeps 1 to 4'],
    ['4d6k3', 'not a dice term'],
    ['4d6kx3', 'not a dice term'],
    ['2d6+', 'not a dice term'],
    ['2d6++3', 'not a dice term'],
    ['2d6*3', 'not a dice term'],
    ['2d6/2', 'not a dice term'],
    ['(2d6)', 'not a dice term'],
    ['2.5d6', 'not a dice term'],
    ['1e3d6', 'not a dice term'],
    ['d20+999999999', 'Modifiers are at most'],
    ['60d6+41d6', 'at most 100 dice'],
    ['١d6', 'not a dice term'],
    ['1d6;', 'not a dice term'],
    [`1d6${'+1'.repeat(40)}`, 'longer than 64'],
  ])('refuses %j (%s)', (expression, message) => {
    const result = parseDice(expression);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });

  it('turns advantage and disadvantage into two d20s keeping one', () => {
    expect(parsed('d20+5', 'advantage')).toEqual({ terms: [{ count: 2, sides: 20, sign: 1, keep: { which: 'highest', count: 1 } }], modifier: 5 });
    expect(parsed('1d20', 'disadvantage')).toEqual({ terms: [{ count: 2, sides: 20, sign: 1, keep: { which: 'lowest', count: 1 } }], modifier: 0 });
  });

  it.each(['2d20', '1d6', 'd20+d4', '2d20kh1', '100d20'])('refuses advantage on %s', (expression) => {
    const result = parseDice(expression, 'advantage');
    expect(result.ok).toBe(false);
  });

  it('counts the advantage die against the 100-dice limit', () => {
    expect(parseDice('d20', 'advantage').ok).toBe(true);
    expect(DICE_LIMITS.maxDiceTotal).toBe(100);
  });
});

describe('rollDice', () => {
  it('sums kept dice and the modifier', () => {
    const roll = rollDice(parsed('2d6+3'), scripted([4, 5]));
    expect(roll).toEqual({ dice: [{ sides: 6, results: [4, 5], kept: [4, 5] }], modifier: 3, total: 12 });
  });

  it('keeps the highest or lowest dice in roll order, ties to the earlier die', () => {
    expect(rollDice(parsed('4d6kh3'), scripted([4, 1, 6, 3])).dice).toEqual([{ sides: 6, results: [4, 1, 6, 3], kept: [4, 6, 3] }]);
    expect(rollDice(parsed('4d6kl2'), scripted([4, 1, 6, 1])).dice).toEqual([{ sides: 6, results: [4, 1, 6, 1], kept: [1, 1] }]);
    expect(rollDice(parsed('3d6kh1'), scripted([5, 5, 2])).dice).toEqual([{ sides: 6, results: [5, 5, 2], kept: [5] }]);
  });

  it('subtracts negative terms and marks them', () => {
    const roll = rollDice(parsed('1d20-1d4+1'), scripted([12, 3]));
    expect(roll).toEqual({
      dice: [
        { sides: 20, results: [12], kept: [12] },
        { sides: 4, sign: -1, results: [3], kept: [3] },
      ],
      modifier: 1,
      total: 10,
    });
  });

  it('rolls advantage as two d20s and keeps the higher one', () => {
    expect(rollDice(parsed('d20+5', 'advantage'), scripted([7, 15]))).toEqual({
      dice: [{ sides: 20, results: [7, 15], kept: [15] }],
      modifier: 5,
      total: 20,
    });
    expect(rollDice(parsed('d20', 'disadvantage'), scripted([7, 15])).total).toBe(7);
  });

  it('always has total = Σ sign × kept + modifier, with every die in range (seeded, many expressions)', () => {
    const random = seeded(0xd1ce);
    const expressions = ['1d20', '2d6+3', '4d6kh3', '10d10kl4-2', '1d20-1d4', '100d2', '3d1000+7', 'd8-d8-d8+1'];
    for (let round = 0; round < 200; round += 1) {
      for (const expression of expressions) {
        const spec = parsed(expression);
        const roll = rollDice(spec, random);
        let sum = roll.modifier;
        roll.dice.forEach((term, index) => {
          const want = spec.terms[index];
          expect(term.sides).toBe(want?.sides);
          expect(term.results).toHaveLength(want?.count ?? -1);
          expect(term.kept).toHaveLength(want?.keep?.count ?? want?.count ?? -1);
          for (const value of term.results) expect(value >= 1 && value <= term.sides).toBe(true);
          sum += (term.sign ?? 1) * term.kept.reduce((a, b) => a + b, 0);
        });
        expect(roll.total).toBe(sum);
      }
    }
  });

  it('draws every face of a die with the CSPRNG', () => {
    const seen = new Set<number>();
    for (let index = 0; index < 400 && seen.size < 6; index += 1) seen.add(rollDice(parsed('1d6'), cryptoRandom).total);
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
