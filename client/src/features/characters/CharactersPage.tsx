import { useMemo, useState } from 'react';
import type { SubmitEvent } from 'react';
import type { CampaignFeatureProps } from '../../shell/feature';
import { useT } from '../../shell/i18n';
import { canEdit } from '../shared/roles';
import { useDocHandle } from '../shared/use-doc-handle';
import type { Source } from '../shared/use-source';
import { useSource } from '../shared/use-source';
import type { DocHandle } from '../../data';
import { MediaResult } from '../shared/MediaResult';
import { useMediaAttachments } from '../shared/use-media';
import { CharacterSheet } from './CharacterSheet';
import type { CharacterView } from './character-model';
import { charactersOf, createCharacter, listCharacters, maxNameLength } from './character-model';
import './characters.css';

/** The party's characters: a list and the selected sheet, all in the shared doc. */
export default function CharactersPage({ session, services, campaign }: CampaignFeatureProps) {
  const t = useT();
  const state = useDocHandle(services.docs, campaign.docs.shared);
  return (
    <section className="characters" aria-labelledby="characters-title">
      <h2 id="characters-title" className="characters__title">
        {t('characters.title')}
      </h2>
      {state.status === 'loading' ? (
        <p className="characters__state" aria-busy="true">
          {t('characters.editor.loading')}
        </p>
      ) : state.status === 'error' ? (
        <p className="characters__state" role="alert">
          {t('characters.editor.error')}
        </p>
      ) : (
        <CharactersView
          handle={state.handle}
          session={session}
          editable={canEdit(campaign.role)}
          services={services}
          campaignId={campaign.id}
          docId={campaign.docs.shared}
        />
      )}
    </section>
  );
}

interface CharactersViewProps {
  readonly handle: DocHandle;
  readonly session: CampaignFeatureProps['session'];
  readonly editable: boolean;
  readonly services: CampaignFeatureProps['services'];
  readonly campaignId: string;
  readonly docId: string;
}

function CharactersView({ handle, session, editable, services, campaignId, docId }: CharactersViewProps) {
  const t = useT();
  const media = services.media;
  useMediaAttachments(services, campaignId, docId, handle.doc, editable);
  const characters = useMemo(() => charactersOf(handle.doc), [handle]);
  const source = useMemo<Source<CharacterView[]>>(
    () => ({
      subscribe: (onChange) => {
        characters.observeDeep(onChange);
        return () => {
          characters.unobserveDeep(onChange);
        };
      },
      read: () => listCharacters(characters),
    }),
    [characters],
  );
  const list = useSource(source);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = list.find((character) => character.id === selectedId) ?? list[0] ?? null;
  const selectedMap = selected === null ? undefined : characters.get(selected.id);

  return (
    <div className="characters__layout">
      <div className="characters__list-pane">
        {list.length === 0 ? (
          <p className="characters__state">{t(editable ? 'characters.emptyEditor' : 'characters.empty')}</p>
        ) : (
          <ul className="characters__list" aria-label={t('characters.listLabel')}>
            {list.map((character) => (
              <li key={character.id}>
                <button
                  type="button"
                  className="characters__pick"
                  aria-current={character.id === selected?.id ? 'true' : undefined}
                  onClick={() => {
                    setSelectedId(character.id);
                  }}
                >
                  {character.portrait !== null ? <MediaResult media={media} result={character.portrait} label="" variant="thumb" /> : null}
                  <span className="characters__pick-text">
                    <span className="characters__pick-name">{character.name === '' ? t('characters.unnamed') : character.name}</span>
                    <span className="characters__pick-summary">
                      {t('characters.summary', {
                        className: character.className === '' ? t('characters.noClass') : character.className,
                        level: character.level,
                        hpCurrent: character.hpCurrent,
                        hpMax: character.hpMax,
                      })}
                    </span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {editable ? (
          <CreateCharacter
            onCreate={(name) => {
              setSelectedId(createCharacter(handle.doc, name));
            }}
          />
        ) : null}
      </div>
      {selected !== null && selectedMap !== undefined ? (
        <CharacterSheet
          key={selected.id}
          character={selected}
          map={selectedMap}
          doc={handle.doc}
          awareness={handle.awareness}
          session={session}
          readOnly={!editable}
          media={media}
          campaignId={campaignId}
          docId={docId}
        />
      ) : null}
    </div>
  );
}

function CreateCharacter({ onCreate }: { readonly onCreate: (name: string) => void }) {
  const t = useT();
  const [name, setName] = useState('');
  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (name.trim() === '') return;
    onCreate(name);
    setName('');
  };
  return (
    <form className="characters__create" onSubmit={submit}>
      <label htmlFor="character-new-name" className="characters__label">
        {t('characters.newName')}
      </label>
      <div className="characters__row">
        <input
          id="character-new-name"
          className="characters__input"
          type="text"
          autoComplete="off"
          maxLength={maxNameLength}
          value={name}
          onChange={(event) => {
            setName(event.target.value);
          }}
        />
        <button type="submit" className="characters__button" disabled={name.trim() === ''}>
          {t('characters.create')}
        </button>
      </div>
    </form>
  );
}
