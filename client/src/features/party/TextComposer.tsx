import { useState } from 'react';
import type { SubmitEvent } from 'react';
import { useT } from '../../shell/i18n';

export interface TextComposerProps {
  readonly id: string;
  readonly label: string;
  readonly submitLabel: string;
  /** Publishes the text; a rejection shows an error and keeps the text for another try. */
  readonly onSubmit: (text: string) => Promise<unknown>;
  /** Styled as the GM's notice composer. */
  readonly notice?: boolean;
}

const maxLength = 2000;

/** A labelled one-field form for chat messages and GM notices. */
export function TextComposer({ id, label, submitLabel, onSubmit, notice = false }: TextComposerProps) {
  const t = useT();
  const [text, setText] = useState('');
  const [failed, setFailed] = useState(false);
  const errorId = `${id}-error`;

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = text.trim();
    if (value === '') return;
    setFailed(false);
    setText('');
    onSubmit(value).catch(() => {
      setText(value);
      setFailed(true);
    });
  };

  return (
    <form className={notice ? 'party-composer party-composer--notice' : 'party-composer'} onSubmit={submit}>
      <label className="party-composer__label" htmlFor={id}>
        {label}
      </label>
      <div className="party-composer__row">
        <input
          id={id}
          className="party-input"
          type="text"
          value={text}
          maxLength={maxLength}
          autoComplete="off"
          aria-invalid={failed}
          aria-describedby={failed ? errorId : undefined}
          onChange={(event) => {
            setText(event.target.value);
          }}
        />
        <button className="party-button" type="submit" disabled={text.trim() === ''}>
          {submitLabel}
        </button>
      </div>
      {failed ? (
        <p id={errorId} className="party-error" role="alert">
          {t('party.publishFailed')}
        </p>
      ) : null}
    </form>
  );
}
