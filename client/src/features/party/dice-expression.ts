import type { DiceMode } from './party-events';

/**
 * A client-side check of dice expressions, mirroring the relay's grammar so mistakes get an inline
 * explanation before anything is sent: `NdS` terms (N 1..100, omitted = 1; S 2..1000) with
 * optional `khK`/`klK`, joined by + or -, plus integer modifiers; at most 100 dice and 64
 * characters. Advantage/disadvantage need exactly one single d20. The relay still decides.
 */

export const maxExpressionLength = 64;
export const maxDice = 100;

export type DiceProblem = 'empty' | 'tooLong' | 'syntax' | 'count' | 'sides' | 'keep' | 'tooManyDice' | 'modeNeedsD20';

export type DiceCheck = { readonly ok: true; readonly expression: string } | { readonly ok: false; readonly problem: DiceProblem };

const term = /^(\d*)d(\d+)(?:k([hl])(\d+))?$|^(\d+)$/;

export function checkDiceExpression(raw: string, mode: DiceMode = 'normal'): DiceCheck {
  const expression = raw.replace(/\s+/g, '').toLowerCase();
  if (expression === '') return { ok: false, problem: 'empty' };
  if (expression.length > maxExpressionLength) return { ok: false, problem: 'tooLong' };
  const parts = expression.split(/[+-]/);
  let dice = 0;
  let singleD20Terms = 0;
  let diceTerms = 0;
  for (const part of parts) {
    const match = term.exec(part);
    if (match === null) return { ok: false, problem: 'syntax' };
    if (match[5] !== undefined) continue;
    diceTerms += 1;
    const count = match[1] === undefined || match[1] === '' ? 1 : Number(match[1]);
    const sides = Number(match[2]);
    if (count < 1 || count > maxDice) return { ok: false, problem: 'count' };
    if (sides < 2 || sides > 1000) return { ok: false, problem: 'sides' };
    if (match[4] !== undefined) {
      const keep = Number(match[4]);
      if (keep < 1 || keep > count) return { ok: false, problem: 'keep' };
    }
    if (count === 1 && sides === 20 && match[3] === undefined) singleD20Terms += 1;
    dice += count;
    if (dice > maxDice) return { ok: false, problem: 'tooManyDice' };
  }
  if (diceTerms === 0) return { ok: false, problem: 'syntax' };
  if (mode !== 'normal' && (singleD20Terms !== 1 || diceTerms !== 1)) return { ok: false, problem: 'modeNeedsD20' };
  return { ok: true, expression };
}
