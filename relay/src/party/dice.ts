import { randomInt as cryptoRandomInt } from 'node:crypto';
import type { PartyDiceMode, PartyDiceTerm } from '@rpg-bot/contracts';

/** Uniform integer in [min, max) — the signature of `crypto.randomInt`; tests pass a seeded one. */
export type RandomInt = (min: number, max: number) => number;

/** The production source: Node's CSPRNG, unbiased (rejection sampling inside `crypto.randomInt`). */
export const cryptoRandom: RandomInt = (min, max) => cryptoRandomInt(min, max);

export const DICE_LIMITS = Object.freeze({
  maxExpressionLength: 64,
  maxDicePerTerm: 100,
  minSides: 2,
  maxSides: 1000,
  maxDiceTotal: 100,
  /** Largest integer modifier term; keeps every total far inside a safe integer. */
  maxModifier: 1_000_000,
});

/** One `NdS` term of a parsed expression. */
export interface DiceTermSpec {
  readonly count: number;
  readonly sides: number;
  readonly sign: 1 | -1;
  readonly keep?: { readonly which: 'highest' | 'lowest'; readonly count: number };
}

export interface ParsedDice {
  readonly terms: readonly DiceTermSpec[];
  readonly modifier: number;
}

export type DiceParse = { readonly ok: true; readonly dice: ParsedDice } | { readonly ok: false; readonly message: string };

export interface DiceRoll {
  readonly dice: PartyDiceTerm[];
  readonly modifier: number;
  readonly total: number;
}

const TERM = /^(?:(\d+)?d(\d+)(?:k([hl])(\d+))?|(\d+))$/;

const fail = (message: string): DiceParse => ({ ok: false, message });

/**
 * Parses a dice expression: `NdS` terms (N 1–100, omitted = 1; S 2–1000) and integer modifiers
 * joined by `+`/`-`, with optional `khK`/`klK` (keep the K highest/lowest of that term).
 * Whitespace is ignored and `D` equals `d`. `advantage`/`disadvantage` need exactly one dice term,
 * a single d20 without keep: it is rolled twice and the higher/lower die kept. At most 100 dice
 * in all (the advantage die included) and 64 characters. Never throws.
 */
export function parseDice(expression: string, mode: PartyDiceMode = 'normal'): DiceParse {
  if (expression.length > DICE_LIMITS.maxExpressionLength) return fail(`The expression is longer than ${String(DICE_LIMITS.maxExpressionLength)} characters.`);
  const text = expression.replace(/\s+/g, '').toLowerCase();
  if (text === '') return fail('The expression is empty.');
  const parts = text.split(/(?=[+-])/);
  const terms: DiceTermSpec[] = [];
  let modifier = 0;
  let diceTotal = 0;
  for (const part of parts) {
    const sign = part.startsWith('-') ? -1 : 1;
    const body = part.replace(/^[+-]/, '');
    const match = TERM.exec(body);
    if (match === null) return fail(`"${part}" is not a dice term (NdS, NdSkhK, NdSklK) or an integer.`);
    const [, countText, sidesText, keepWhich, keepText, constantText] = match;
    if (constantText !== undefined) {
      const value = Number(constantText);
      if (value > DICE_LIMITS.maxModifier) return fail(`Modifiers are at most ${String(DICE_LIMITS.maxModifier)}.`);
      modifier += sign * value;
      continue;
    }
    const count = countText === undefined ? 1 : Number(countText);
    const sides = Number(sidesText);
    if (count < 1 || count > DICE_LIMITS.maxDicePerTerm) return fail(`A term rolls 1 to ${String(DICE_LIMITS.maxDicePerTerm)} dice.`);
    if (sides < DICE_LIMITS.minSides || sides > DICE_LIMITS.maxSides) {
      return fail(`Dice have ${String(DICE_LIMITS.minSides)} to ${String(DICE_LIMITS.maxSides)} sides.`);
    }
    let keep: DiceTermSpec['keep'];
    if (keepWhich !== undefined) {
      const keepCount = Number(keepText);
      if (keepCount < 1 || keepCount > count) return fail(`"${body}" keeps 1 to ${String(count)} dice.`);
      keep = { which: keepWhich === 'h' ? 'highest' : 'lowest', count: keepCount };
    }
    diceTotal += count;
    terms.push({ count, sides, sign, ...(keep === undefined ? {} : { keep }) });
  }
  if (terms.length === 0) return fail('The expression rolls no dice.');
  if (mode !== 'normal') {
    const only = terms[0];
    if (terms.length !== 1 || only === undefined || only.count !== 1 || only.sides !== 20 || only.keep !== undefined) {
      return fail(`${mode} applies to a single d20 term (e.g. "d20+5").`);
    }
    diceTotal += 1;
    terms[0] = { count: 2, sides: 20, sign: only.sign, keep: { which: mode === 'advantage' ? 'highest' : 'lowest', count: 1 } };
  }
  if (diceTotal > DICE_LIMITS.maxDiceTotal) return fail(`An expression rolls at most ${String(DICE_LIMITS.maxDiceTotal)} dice.`);
  return { ok: true, dice: { terms, modifier } };
}

/** The dice that count, in the order they were rolled (ties: the earlier die is kept first). */
function keptOf(results: readonly number[], keep: DiceTermSpec['keep']): number[] {
  if (keep === undefined) return [...results];
  const order = results
    .map((value, index) => ({ value, index }))
    .sort((a, b) => (keep.which === 'highest' ? b.value - a.value : a.value - b.value) || a.index - b.index);
  const keptIndexes = new Set(order.slice(0, keep.count).map((entry) => entry.index));
  return results.filter((_, index) => keptIndexes.has(index));
}

/** Rolls a parsed expression: total = Σ sign × (sum of kept dice) + modifier. */
export function rollDice(parsed: ParsedDice, randomInt: RandomInt): DiceRoll {
  let total = parsed.modifier;
  const dice = parsed.terms.map((term): PartyDiceTerm => {
    const die = () => randomInt(1, term.sides + 1);
    const results: [number, ...number[]] = [die(), ...Array.from({ length: term.count - 1 }, die)];
    const kept = keptOf(results, term.keep);
    total += term.sign * kept.reduce((sum, value) => sum + value, 0);
    return { sides: term.sides, ...(term.sign === -1 ? { sign: -1 as const } : {}), results, kept };
  });
  return { dice, modifier: parsed.modifier, total };
}
