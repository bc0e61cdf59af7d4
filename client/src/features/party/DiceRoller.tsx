import { useState } from 'react';
import type { SubmitEvent } from 'react';
import { useT } from '../../shell/i18n';
import type { DiceProblem } from './dice-expression';
import { checkDiceExpression } from './dice-expression';
import type { DiceMode } from './party-events';
import { partyEventTypes } from './party-events';

export interface DiceRollerProps {
  readonly publish: (type: string, data: unknown) => Promise<string>;
}

const modes: readonly DiceMode[] = ['normal', 'advantage', 'disadvantage'];
const quickDice = [4, 6, 8, 10, 12, 20, 100] as const;
const maxLabelLength = 100;

/**
 * Asks the relay to roll: the relay rolls with a CSPRNG and everyone sees the same result.
 * Quick buttons roll one die; advantage/disadvantage apply to d20 rolls.
 */
export function DiceRoller({ publish }: DiceRollerProps) {
  const t = useT();
  const [expression, setExpression] = useState('');
  const [label, setLabel] = useState('');
  const [mode, setMode] = useState<DiceMode>('normal');
  const [problem, setProblem] = useState<DiceProblem | null>(null);
  const [failed, setFailed] = useState(false);

  const send = (dice: string, rollMode: DiceMode) => {
    const data = { expression: dice, mode: rollMode, ...(label.trim() === '' ? {} : { label: label.trim().slice(0, maxLabelLength) }) };
    setFailed(false);
    publish(partyEventTypes.diceRequested, data).catch(() => {
      setFailed(true);
    });
  };

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const check = checkDiceExpression(expression, mode);
    if (!check.ok) {
      setProblem(check.problem);
      return;
    }
    setProblem(null);
    send(check.expression, mode);
  };

  const describedBy = ['dice-hint', ...(problem === null ? [] : ['dice-error'])].join(' ');

  return (
    <form className="party-dice" onSubmit={submit} noValidate>
      <h3 className="party-dice__title">{t('party.dice.title')}</h3>
      <div className="party-dice__fields">
        <div className="party-field">
          <label className="party-composer__label" htmlFor="dice-expression">
            {t('party.dice.expression')}
          </label>
          <input
            id="dice-expression"
            className="party-input"
            type="text"
            inputMode="text"
            autoComplete="off"
            spellCheck={false}
            placeholder="1d20+5"
            value={expression}
            maxLength={64}
            aria-invalid={problem !== null}
            aria-describedby={describedBy}
            onChange={(event) => {
              setExpression(event.target.value);
              setProblem(null);
            }}
          />
          <p id="dice-hint" className="party-hint">
            {t('party.dice.hint')}
          </p>
          {problem === null ? null : (
            <p id="dice-error" className="party-error" role="alert">
              {t(`party.dice.error.${problem}`)}
            </p>
          )}
        </div>
        <div className="party-field">
          <label className="party-composer__label" htmlFor="dice-label">
            {t('party.dice.rollLabel')}
          </label>
          <input
            id="dice-label"
            className="party-input"
            type="text"
            autoComplete="off"
            value={label}
            maxLength={maxLabelLength}
            onChange={(event) => {
              setLabel(event.target.value);
            }}
          />
        </div>
      </div>
      <fieldset className="party-dice__modes">
        <legend className="party-composer__label">{t('party.dice.mode')}</legend>
        {modes.map((value) => (
          <label key={value} className="party-dice__mode">
            <input
              type="radio"
              name="dice-mode"
              value={value}
              checked={mode === value}
              onChange={() => {
                setMode(value);
                setProblem(null);
              }}
            />
            {t(`party.mode.${value}`)}
          </label>
        ))}
      </fieldset>
      <button className="party-button" type="submit">
        {t('party.dice.roll')}
      </button>
      <div className="party-dice__quick" role="group" aria-label={t('party.dice.quick')}>
        {quickDice.map((sides) => (
          <button
            key={sides}
            className="party-button party-button--quick"
            type="button"
            aria-label={t('party.dice.quickRoll', { die: `d${String(sides)}` })}
            onClick={() => {
              send(`1d${String(sides)}`, sides === 20 ? mode : 'normal');
            }}
          >
            d{sides}
          </button>
        ))}
      </div>
      {failed ? (
        <p className="party-error" role="alert">
          {t('party.publishFailed')}
        </p>
      ) : null}
    </form>
  );
}
