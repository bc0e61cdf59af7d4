import { useEffect, useId, useMemo, useState } from 'react';
import type { SubmitEvent } from 'react';
import type { MediaProviders } from '@rpg-bot/contracts';
import type { MediaAsk, MediaAttachment, MediaEntry, MediaStore } from '../../data';
import type { CampaignFeatureProps } from '../../shell/feature';
import { useLocale, useT } from '../../shell/i18n';
import type { Locale } from '../../shell/i18n';
import { useOnline } from '../../shell/use-online';
import { charactersOf, listCharacters } from '../characters/character-model';
import type { CharacterView } from '../characters/character-model';
import type { MediaRef } from '../shared/media-attachments';
import { mediaRefOf, shareMedia } from '../shared/media-attachments';
import { MediaResult } from '../shared/MediaResult';
import { canEdit } from '../shared/roles';
import { useDocHandle } from '../shared/use-doc-handle';
import { useMediaAttachments, useMediaEntries } from '../shared/use-media';
import type { Source } from '../shared/use-source';
import { useSource } from '../shared/use-source';
import { canCancel, formatDuration, statusLine } from './media-status';
import { MediaIcon } from './MediaIcon';
import './media.css';

type Mode = 'tts' | 'img' | 'avatar';
const modes: readonly Mode[] = ['tts', 'img', 'avatar'];
const imageSizes = ['768x512', '512x512', '512x768', '1024x1024'] as const;
type ImageSize = (typeof imageSizes)[number];
const noCharacters: readonly CharacterView[] = [];

/** The providers' voices and styles; null until known (offline: the server's defaults are used). */
function useProviders(media: MediaStore): MediaProviders | null {
  const [providers, setProviders] = useState<MediaProviders | null>(null);
  useEffect(() => {
    let active = true;
    media.providers().then(
      (value) => {
        if (active) setProviders(value);
      },
      () => undefined,
    );
    return () => {
      active = false;
    };
  }, [media]);
  return providers;
}

/** Media: narrate text, illustrate a scene, make a character portrait; and the campaign's library. */
export default function MediaPage({ session, services, campaign }: CampaignFeatureProps) {
  const t = useT();
  const media = services.media;
  const editable = canEdit(campaign.role);
  const shared = useDocHandle(services.docs, campaign.docs.shared);
  const doc = shared.status === 'ready' ? shared.handle.doc : null;
  useMediaAttachments(services, campaign.id, campaign.docs.shared, doc, editable);
  const characters = useMemo<Source<readonly CharacterView[]>>(() => {
    if (doc === null) return { subscribe: () => () => undefined, read: () => noCharacters };
    const map = charactersOf(doc);
    return {
      subscribe: (onChange) => {
        map.observeDeep(onChange);
        return () => {
          map.unobserveDeep(onChange);
        };
      },
      read: () => listCharacters(map),
    };
  }, [doc]);
  const characterList = useSource(characters);
  const entries = useMediaEntries(media, campaign.id);

  return (
    <section className="media" aria-labelledby="media-title">
      <header className="media__header">
        <h2 id="media-title" className="media__title">
          {t('media.title')}
        </h2>
        <p className="media__intro">{t('media.intro')}</p>
      </header>
      {editable ? (
        <MediaComposer media={media} campaignId={campaign.id} sharedDocId={campaign.docs.shared} characters={characterList} />
      ) : (
        <p className="media__hint">{t('media.readOnly')}</p>
      )}
      <MediaLibrary
        media={media}
        entries={entries}
        userId={session.userId}
        isGm={campaign.role === 'gm'}
        {...(editable ? { onShare: (kind: SharedKind, ref: MediaRef) => shareMedia(services.party, campaign.id, kind, ref) } : {})}
      />
    </section>
  );
}

interface ComposerProps {
  readonly media: MediaStore;
  readonly campaignId: string;
  readonly sharedDocId: string;
  readonly characters: readonly CharacterView[];
}

function MediaComposer({ media, campaignId, sharedDocId, characters }: ComposerProps) {
  const t = useT();
  const locale = useLocale();
  const id = useId();
  const providers = useProviders(media);
  const [mode, setMode] = useState<Mode>('avatar');
  const [text, setText] = useState('');
  const [language, setLanguage] = useState<Locale>(locale);
  const [voice, setVoice] = useState('');
  const [prompt, setPrompt] = useState('');
  const [imageStyle, setImageStyle] = useState('');
  const [size, setSize] = useState<ImageSize>('768x512');
  const [characterId, setCharacterId] = useState('');
  const [portraitName, setPortraitName] = useState('');
  const [avatarStyle, setAvatarStyle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);

  const voices = (providers?.tts.voices ?? []).filter((candidate) => candidate.language === language);
  const character = characters.find((candidate) => candidate.id === characterId);

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    setSent(null);
    let ask: MediaAsk;
    let attach: MediaAttachment | undefined;
    let label: string;
    if (mode === 'tts') {
      const spoken = text.trim();
      if (spoken === '') {
        setError(t('media.error.textRequired'));
        return;
      }
      ask = { type: 'tts', payload: { text: spoken, language, ...(voice === '' ? {} : { voice }) } };
      label = spoken;
    } else if (mode === 'img') {
      const scene = prompt.trim();
      if (scene === '') {
        setError(t('media.error.promptRequired'));
        return;
      }
      ask = { type: 'img', payload: { prompt: scene, size, language: locale, ...(imageStyle === '' ? {} : { style: imageStyle }) } };
      label = scene;
    } else {
      const name = (character?.name ?? portraitName).trim();
      if (name === '') {
        setError(t('media.error.seedRequired'));
        return;
      }
      // The character's id keeps two characters with one name apart; the name keeps it recognisable.
      const seed = character === undefined ? name : `${name} · ${character.id.slice(0, 8)}`;
      ask = { type: 'avatar', payload: { seed, size: 256, ...(avatarStyle === '' ? {} : { style: avatarStyle }) } };
      if (character !== undefined) attach = { kind: 'character', docId: sharedDocId, characterId: character.id };
      label = name;
    }
    media.ask(campaignId, ask, { label, ...(attach === undefined ? {} : { attach }) }).then(
      () => {
        setSent(t(navigator.onLine ? 'media.sent' : 'media.sentOffline'));
        if (mode === 'tts') setText('');
        if (mode === 'img') setPrompt('');
      },
      (failure: unknown) => {
        console.error('[rpg-bot media] ask', failure);
        setError(t('media.error.notStored'));
      },
    );
  };

  return (
    <form className="media__composer" onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} className="media__section-title">
        {t('media.create')}
      </h3>
      <div className="media__modes" role="radiogroup" aria-label={t('media.kind')}>
        {modes.map((candidate) => (
          <label key={candidate} className={`media__mode${candidate === mode ? ' media__mode--on' : ''}`}>
            <input
              type="radio"
              name={`${id}-mode`}
              value={candidate}
              checked={candidate === mode}
              onChange={() => {
                setMode(candidate);
                setError(null);
                setSent(null);
              }}
            />
            <MediaIcon kind={candidate} />
            {t(`media.mode.${candidate}`)}
          </label>
        ))}
      </div>

      {mode === 'tts' ? (
        <div className="media__fields">
          <label className="media__field media__field--wide">
            <span>{t('media.tts.text')}</span>
            <textarea
              value={text}
              maxLength={5000}
              rows={4}
              onChange={(event) => {
                setText(event.target.value);
              }}
              placeholder={t('media.tts.placeholder')}
            />
            <small className="media__count">{t('media.count', { count: text.length, max: 5000 })}</small>
          </label>
          <label className="media__field">
            <span>{t('media.tts.language')}</span>
            <select
              value={language}
              onChange={(event) => {
                setLanguage(event.target.value === 'ru' ? 'ru' : 'en');
                setVoice('');
              }}
            >
              <option value="en">English</option>
              <option value="ru">Русский</option>
            </select>
          </label>
          <label className="media__field">
            <span>{t('media.tts.voice')}</span>
            <select
              value={voice}
              onChange={(event) => {
                setVoice(event.target.value);
              }}
            >
              <option value="">{t('media.defaultVoice')}</option>
              {voices.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.label}
                </option>
              ))}
            </select>
          </label>
        </div>
      ) : mode === 'img' ? (
        <div className="media__fields">
          <label className="media__field media__field--wide">
            <span>{t('media.img.prompt')}</span>
            <textarea
              value={prompt}
              maxLength={1000}
              rows={3}
              onChange={(event) => {
                setPrompt(event.target.value);
              }}
              placeholder={t('media.img.placeholder')}
            />
          </label>
          <label className="media__field">
            <span>{t('media.style')}</span>
            <select
              value={imageStyle}
              onChange={(event) => {
                setImageStyle(event.target.value);
              }}
            >
              <option value="">{t('media.defaultStyle')}</option>
              {(providers?.img.styles ?? []).map((style) => (
                <option key={style.id} value={style.id}>
                  {style.label}
                </option>
              ))}
            </select>
          </label>
          <label className="media__field">
            <span>{t('media.img.size')}</span>
            <select
              value={size}
              onChange={(event) => {
                setSize(imageSizes.find((candidate) => candidate === event.target.value) ?? '768x512');
              }}
            >
              {imageSizes.map((candidate) => (
                <option key={candidate} value={candidate}>
                  {t(`media.img.size.${candidate}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
      ) : (
        <div className="media__fields">
          <label className="media__field">
            <span>{t('media.avatar.character')}</span>
            <select
              value={characterId}
              onChange={(event) => {
                setCharacterId(event.target.value);
              }}
            >
              <option value="">{t('media.avatar.noCharacter')}</option>
              {characters.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.name === '' ? t('characters.unnamed') : candidate.name}
                </option>
              ))}
            </select>
          </label>
          {character === undefined ? (
            <label className="media__field">
              <span>{t('media.avatar.name')}</span>
              <input
                value={portraitName}
                maxLength={200}
                onChange={(event) => {
                  setPortraitName(event.target.value);
                }}
              />
            </label>
          ) : null}
          <label className="media__field">
            <span>{t('media.style')}</span>
            <select
              value={avatarStyle}
              onChange={(event) => {
                setAvatarStyle(event.target.value);
              }}
            >
              <option value="">{t('media.defaultStyle')}</option>
              {(providers?.avatar.styles ?? []).map((style) => (
                <option key={style.id} value={style.id}>
                  {style.label}
                </option>
              ))}
            </select>
          </label>
          {character !== undefined ? <p className="media__hint media__field--wide">{t('media.avatar.attachHint', { name: character.name })}</p> : null}
        </div>
      )}
      <div className="media__actions">
        <button type="submit" className="media__submit">
          {t(`media.submit.${mode}`)}
        </button>
        {error !== null ? (
          <p className="media__error" role="alert">
            {error}
          </p>
        ) : sent !== null ? (
          <p className="media__sent" role="status">
            {sent}
          </p>
        ) : null}
      </div>
    </form>
  );
}

type SharedKind = 'portrait' | 'image' | 'narration';
const sharedKind: Readonly<Record<MediaEntry['type'], SharedKind>> = { avatar: 'portrait', img: 'image', tts: 'narration' };
type Share = (kind: SharedKind, ref: MediaRef) => Promise<void>;

interface LibraryProps {
  readonly media: MediaStore;
  readonly entries: readonly MediaEntry[] | null;
  readonly userId: string;
  readonly isGm: boolean;
  /** Posts a finished result to the party feed; absent for viewers. */
  readonly onShare?: Share;
}

function MediaLibrary({ media, entries, userId, isGm, onShare }: LibraryProps) {
  const t = useT();
  const online = useOnline();
  return (
    <section className="media__library" aria-labelledby="media-library-title">
      <h3 id="media-library-title" className="media__section-title">
        {t('media.library')}
      </h3>
      {entries === null ? (
        <p className="media__hint" aria-busy="true">
          {t('media.loading')}
        </p>
      ) : entries.length === 0 ? (
        <p className="media__empty">{t('media.empty')}</p>
      ) : (
        <ul className="media__list">
          {entries.map((entry) => (
            <MediaItem
              key={entry.key}
              media={media}
              entry={entry}
              online={online}
              cancellable={canCancel(entry, userId, isGm)}
              {...(onShare === undefined ? {} : { onShare })}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

interface MediaItemProps {
  readonly media: MediaStore;
  readonly entry: MediaEntry;
  readonly online: boolean;
  readonly cancellable: boolean;
  readonly onShare?: Share;
}

function MediaItem({ media, entry, online, cancellable, onShare }: MediaItemProps) {
  const t = useT();
  const [shared, setShared] = useState(false);
  const status = statusLine(entry, online);
  const result = entry.job?.result;
  const meta = result?.meta;
  const [cancelError, setCancelError] = useState(false);
  const details: string[] = [];
  if (meta !== undefined) {
    if (meta.durationMs !== undefined) details.push(formatDuration(meta.durationMs));
    if (meta.width !== undefined && meta.height !== undefined) details.push(`${String(meta.width)}×${String(meta.height)}`);
    details.push(meta.procedural === true && !/procedural/i.test(meta.model) ? t('media.procedural', { model: meta.model }) : meta.model);
    details.push(meta.licence.name);
  }
  const name = entry.label === '' ? t(`media.mode.${entry.type}`) : entry.label;
  return (
    <li className={`media-item media-item--${entry.type}`} aria-label={t('media.itemLabel', { kind: t(`media.mode.${entry.type}`), name })}>
      <div className="media-item__head">
        <span className="media-item__kind">
          <MediaIcon kind={entry.type} />
          {t(`media.mode.${entry.type}`)}
        </span>
        <span className={`media-item__status media-item__status--${status.tone}`} role="status">
          {t(status.key, status.values)}
        </span>
      </div>
      <p className="media-item__label">{name}</p>
      {entry.status === 'running' ? (
        <progress className="media-item__progress" max={1} value={entry.job?.progress ?? 0} aria-label={t('media.progress')} />
      ) : null}
      {status.reasonKey !== undefined ? <p className="media-item__reason">{t(status.reasonKey)}</p> : null}
      {result !== undefined ? (
        <MediaResult
          media={media}
          result={result}
          label={name}
          variant={entry.type === 'avatar' ? 'portrait' : 'card'}
          {...(meta?.width === undefined ? {} : { width: meta.width })}
          {...(meta?.height === undefined ? {} : { height: meta.height })}
        />
      ) : null}
      {details.length > 0 ? <p className="media-item__meta">{details.join(' · ')}</p> : null}
      {meta?.licence.attribution !== undefined ? <p className="media-item__meta">{meta.licence.attribution}</p> : null}
      {onShare !== undefined && entry.job !== undefined && result !== undefined ? (
        <button
          type="button"
          className="media-item__action"
          disabled={shared}
          onClick={() => {
            const job = entry.job;
            const ref = job === undefined ? null : mediaRefOf(job, entry.label);
            if (ref === null) return;
            setShared(true);
            void onShare(sharedKind[entry.type], ref);
          }}
        >
          {shared ? t('media.shared') : t('media.share')}
        </button>
      ) : null}
      {cancellable ? (
        <button
          type="button"
          className="media-item__action"
          onClick={() => {
            setCancelError(false);
            media.cancel(entry).catch(() => {
              setCancelError(true);
            });
          }}
        >
          {entry.status === 'device' ? t('media.discard') : t('media.cancel')}
        </button>
      ) : null}
      {cancelError ? (
        <p className="media-item__reason" role="alert">
          {t('media.cancelFailed')}
        </p>
      ) : null}
    </li>
  );
}
