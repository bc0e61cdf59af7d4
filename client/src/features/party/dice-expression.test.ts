import { describe, expect, it } from 'vitest';
import { checkDiceExpression } from './dice-expression';

describe('checkDiceExpression', () => {
  it('accepts the grammar the relay rolls', () => {
    for (const expression of ['1d20', 'd20', '2d6+3', 'd20+5', '4d6kh3', '2d20kl1', '1d8+1d6-2', '100d2']) {
      expect(checkDiceExpression(expression)).toEqual({ ok: true, expression });
    }
  });

  it('normalises spaces and case', () => {
    expect(checkDiceExpression(' 2D6 + 3 ')).toEqual({ ok: true, expression: '2d6+3' });
  });

  it('names the problem', () => {
    expect(checkDiceExpression('')).toEqual({ ok: false, problem: 'empty' });
    expect(checkDiceExpression('1d6+'.repeat(20))).toEqual({ ok: false, problem: 'tooLong' });
    expect(checkDiceExpression('fireball')).toEqual({ ok: false, problem: 'syntax' });
    expect(checkDiceExpression('2d6+')).toEqual({ ok: false, problem: 'syntax' });
    expect(checkDiceExpression('-1d4')).toEqual({ ok: false, problem: 'syntax' });
    expect(checkDiceExpression('5')).toEqual({ ok: false, problem: 'syntax' });
    expect(checkDiceExpression('0d6')).toEqual({ ok: false, problem: 'count' });
    expect(checkDiceExpression('101d6')).toEqual({ ok: false, problem: 'count' });
    expect(checkDiceExpression('1d1')).toEqual({ ok: false, problem: 'sides' });
    expect(checkDiceExpression('1d1001')).toEqual({ ok: false, problem: 'sides' });
    expect(checkDiceExpression('2d6kh3')).toEqual({ ok: false, problem: 'keep' });
    expect(checkDiceExpression('60d6+50d6')).toEqual({ ok: false, problem: 'tooManyDice' });
  });

  it('allows advantage and disadvantage only on one single d20', () => {
    expect(checkDiceExpression('d20+5', 'advantage')).toEqual({ ok: true, expression: 'd20+5' });
    expect(checkDiceExpression('1d20', 'disadvantage')).toMatchObject({ ok: true });
    expect(checkDiceExpression('2d6', 'advantage')).toEqual({ ok: false, problem: 'modeNeedsD20' });
    expect(checkDiceExpression('d20+d4', 'advantage')).toEqual({ ok: false, problem: 'modeNeedsD20' });
  });
});
