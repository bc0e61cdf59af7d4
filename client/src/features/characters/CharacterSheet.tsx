import { useEffect, useState } from 'react';
import type { SubmitEvent, ReactNode } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Session } from '../../shell/feature';
import { useT } from '../../shell/i18n';
import { CollaborativeEditor } from '../shared/CollaborativeEditor';
import type { MediaStore } from '../../data';
import { CharacterPortrait } from './CharacterPortrait';
import type { CharacterView, NumberField } from './character-model';
import {
  abilities,
  abilityModifier,
  addItem,
  checkNumber,
  formatModifier,
  maxItemLength,
  maxNameLength,
  notesOf,
  numberRules,
  removeCharacter,
  removeItem,
  setNumber,
  setText,
} from './character-model';

export interface CharacterSheetProps {
  readonly character: CharacterView;
  readonly map: Y.Map<unknown>;
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  readonly session: Session;
  readonly readOnly: boolean;
  readonly media: MediaStore;
  readonly campaignId: string;
  readonly docId: string;
}

/** One character's sheet; every change is written to the shared doc at once. */
export function CharacterSheet({ character, map, doc, awareness, session, readOnly, media, campaignId, docId }: CharacterSheetProps) {
  const t = useT();
  const displayName = character.name === '' ? t('characters.unnamed') : character.name;
  const notes = map.get('notes');

  // Characters made by an older client may lack the notes text; create it once, for editors.
  useEffect(() => {
    if (!readOnly && !(map.get('notes') instanceof Y.Text)) notesOf(map);
  }, [map, readOnly]);

  return (
    <article className="character-sheet" aria-labelledby="character-sheet-title">
      <h3 id="character-sheet-title" className="character-sheet__title">
        {t('characters.sheet', { name: displayName })}
      </h3>
      {readOnly ? <p className="characters__hint">{t('characters.readOnly')}</p> : null}
      <CharacterPortrait character={character} displayName={displayName} readOnly={readOnly} media={media} campaignId={campaignId} docId={docId} />
      <div className="character-sheet__grid">
        <NameField
          value={character.name}
          readOnly={readOnly}
          onChange={(value) => {
            setText(map, 'name', value);
          }}
        />
        <div className="characters__field">
          <label htmlFor="character-class" className="characters__label">
            {t('characters.className')}
          </label>
          <input
            id="character-class"
            className="characters__input"
            type="text"
            autoComplete="off"
            maxLength={maxNameLength}
            readOnly={readOnly}
            value={character.className}
            onChange={(event) => {
              setText(map, 'className', event.target.value);
            }}
          />
        </div>
        {(['level', 'hpCurrent', 'hpMax'] as const).map((field) => (
          <NumberInput
            key={field}
            field={field}
            label={t(`characters.${field}`)}
            value={character[field]}
            readOnly={readOnly}
            onCommit={(value) => {
              setNumber(map, field, value);
            }}
          />
        ))}
      </div>

      <fieldset className="character-sheet__abilities">
        <legend className="characters__label">{t('characters.abilities')}</legend>
        {abilities.map((ability) => (
          <NumberInput
            key={ability}
            field={ability}
            label={t(`characters.ability.${ability}`)}
            value={character.scores[ability]}
            readOnly={readOnly}
            onCommit={(value) => {
              setNumber(map, ability, value);
            }}
            extra={
              <span className="character-sheet__modifier">
                {t('characters.modifier', { modifier: formatModifier(abilityModifier(character.scores[ability])) })}
              </span>
            }
          />
        ))}
      </fieldset>

      <Inventory items={character.inventory} map={map} readOnly={readOnly} />

      <section className="character-sheet__notes" aria-labelledby="character-notes-title">
        <h4 id="character-notes-title" className="characters__subtitle">
          {t('characters.notes')}
        </h4>
        {notes instanceof Y.Text ? (
          <CollaborativeEditor
            ytext={notes}
            awareness={awareness}
            session={session}
            label={t('characters.notesLabel', { name: displayName })}
            readOnly={readOnly}
            messages="characters"
          />
        ) : null}
      </section>

      {readOnly ? null : (
        <button
          type="button"
          className="characters__button characters__button--danger"
          onClick={() => {
            if (window.confirm(t('characters.confirmDelete', { name: displayName }))) removeCharacter(doc, character.id);
          }}
        >
          {t('characters.delete')}
        </button>
      )}
    </article>
  );
}

function NameField({ value, readOnly, onChange }: { readonly value: string; readonly readOnly: boolean; readonly onChange: (value: string) => void }) {
  const t = useT();
  const missing = value.trim() === '';
  return (
    <div className="characters__field">
      <label htmlFor="character-name" className="characters__label">
        {t('characters.name')}
      </label>
      <input
        id="character-name"
        className="characters__input"
        type="text"
        autoComplete="off"
        maxLength={maxNameLength}
        readOnly={readOnly}
        required
        value={value}
        aria-invalid={missing}
        aria-describedby={missing ? 'character-name-error' : undefined}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      />
      {missing && !readOnly ? (
        <p id="character-name-error" className="characters__error" role="alert">
          {t('characters.error.nameRequired')}
        </p>
      ) : null}
    </div>
  );
}

interface NumberInputProps {
  readonly field: NumberField;
  readonly label: string;
  readonly value: number;
  readonly readOnly: boolean;
  readonly onCommit: (value: number) => void;
  readonly extra?: ReactNode;
}

/**
 * A number field that only writes valid numbers to the doc. While the typed text is invalid it is
 * kept as a local draft next to an inline explanation; a valid draft is dropped on blur so
 * remote changes show again.
 */
function NumberInput({ field, label, value, readOnly, onCommit, extra }: NumberInputProps) {
  const t = useT();
  const [draft, setDraft] = useState<string | null>(null);
  const check = draft === null ? null : checkNumber(field, draft);
  const problem = check !== null && !check.ok ? check : null;
  const id = `character-${field}`;
  const errorId = `${id}-error`;
  const { min, max } = numberRules[field];
  return (
    <div className="characters__field characters__field--number">
      <label htmlFor={id} className="characters__label">
        {label}
      </label>
      <input
        id={id}
        className="characters__input characters__input--number"
        type="text"
        inputMode="numeric"
        autoComplete="off"
        readOnly={readOnly}
        value={draft ?? String(value)}
        aria-invalid={problem !== null}
        aria-describedby={problem === null ? undefined : errorId}
        onChange={(event) => {
          const text = event.target.value;
          setDraft(text);
          const result = checkNumber(field, text);
          if (result.ok && result.value !== value) onCommit(result.value);
        }}
        onBlur={() => {
          if (check?.ok === true) setDraft(null);
        }}
      />
      {extra}
      {problem === null ? null : (
        <p id={errorId} className="characters__error" role="alert">
          {t(`characters.error.${problem.error}`, { min, max })}
        </p>
      )}
    </div>
  );
}

function Inventory({ items, map, readOnly }: { readonly items: readonly string[]; readonly map: Y.Map<unknown>; readonly readOnly: boolean }) {
  const t = useT();
  const [item, setItem] = useState('');
  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (addItem(map, item)) setItem('');
  };
  return (
    <section className="character-sheet__inventory" aria-labelledby="character-inventory-title">
      <h4 id="character-inventory-title" className="characters__subtitle">
        {t('characters.inventory')}
      </h4>
      {items.length === 0 ? (
        <p className="characters__hint">{t('characters.inventoryEmpty')}</p>
      ) : (
        <ul className="character-sheet__items">
          {items.map((entry, index) => (
            <li key={`${String(index)}:${entry}`} className="character-sheet__item">
              <span>{entry}</span>
              {readOnly ? null : (
                <button
                  type="button"
                  className="characters__button characters__button--small"
                  aria-label={t('characters.removeItem', { item: entry })}
                  onClick={() => {
                    removeItem(map, index);
                  }}
                >
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {readOnly ? null : (
        <form className="characters__row" onSubmit={submit}>
          <label htmlFor="character-new-item" className="characters__label characters__label--inline">
            {t('characters.newItem')}
          </label>
          <input
            id="character-new-item"
            className="characters__input"
            type="text"
            autoComplete="off"
            maxLength={maxItemLength}
            value={item}
            onChange={(event) => {
              setItem(event.target.value);
            }}
          />
          <button type="submit" className="characters__button" disabled={item.trim() === ''}>
            {t('characters.addItem')}
          </button>
        </form>
      )}
    </section>
  );
}
