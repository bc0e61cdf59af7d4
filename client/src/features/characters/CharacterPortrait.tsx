import { useState } from 'react';
import type { MediaStore } from '../../data';
import { useT } from '../../shell/i18n';
import { useOnline } from '../../shell/use-online';
import { statusLine } from '../media/media-status';
import { MediaResult } from '../shared/MediaResult';
import { useMediaEntries } from '../shared/use-media';
import type { CharacterView } from './character-model';

export interface CharacterPortraitProps {
  readonly character: CharacterView;
  readonly displayName: string;
  readonly readOnly: boolean;
  readonly media: MediaStore;
  readonly campaignId: string;
  readonly docId: string;
}

/**
 * The character's portrait (from the media service) and, for editors, a button that asks for one:
 * the request waits on the device while offline, and the portrait lands on the sheet when ready.
 */
export function CharacterPortrait({ character, displayName, readOnly, media, campaignId, docId }: CharacterPortraitProps) {
  const t = useT();
  const online = useOnline();
  const entries = useMediaEntries(media, campaignId);
  const [failed, setFailed] = useState(false);
  // The newest unfinished request for this character made on this device, if any.
  const pending = entries?.find(
    (entry) =>
      entry.local?.attach?.kind === 'character' &&
      entry.local.attach.characterId === character.id &&
      entry.status !== 'succeeded' &&
      entry.status !== 'cancelled' &&
      entry.local.attached !== true,
  );
  const ask = () => {
    setFailed(false);
    const seed = `${character.name.trim() === '' ? displayName : character.name.trim()} · ${character.id.slice(0, 8)}`;
    media
      .ask(
        campaignId,
        { type: 'avatar', payload: { seed: seed.slice(0, 200), size: 256 } },
        { label: displayName, attach: { kind: 'character', docId, characterId: character.id } },
      )
      .catch(() => {
        setFailed(true);
      });
  };
  const status = pending === undefined ? null : statusLine(pending, online);
  return (
    <div className="character-portrait">
      {character.portrait !== null ? (
        <MediaResult media={media} result={character.portrait} label={t('media.portrait')} variant="portrait" width={112} height={112} />
      ) : (
        <div className="character-portrait__empty" aria-hidden="true">
          {(displayName.trim()[0] ?? '?').toUpperCase()}
        </div>
      )}
      <div className="character-portrait__side">
        {character.portrait === null && pending === undefined ? <p className="character-portrait__hint">{t('media.noPortrait')}</p> : null}
        {status !== null ? (
          <p className={`character-portrait__status character-portrait__status--${status.tone}`} role="status">
            {t('media.portraitPending', { status: t(status.key, status.values) })}
            {status.reasonKey !== undefined ? ` — ${t(status.reasonKey)}` : ''}
          </p>
        ) : null}
        {character.portrait?.attribution !== undefined ? <p className="character-portrait__credit">{character.portrait.attribution}</p> : null}
        {!readOnly && (pending === undefined || status?.tone === 'error') ? (
          <button type="button" className="characters__button" onClick={ask}>
            {character.portrait === null ? t('media.makePortrait') : t('media.newPortrait')}
          </button>
        ) : null}
        {failed ? (
          <p className="characters__hint" role="alert">
            {t('media.error.notStored')}
          </p>
        ) : null}
      </div>
    </div>
  );
}
