import { useMemo, useState } from 'react';
import type * as Y from 'yjs';
import type { MediaStore, PartyStore } from '../../data';
import { useLocale, useT } from '../../shell/i18n';
import { useOnline } from '../../shell/use-online';
import { formatDuration, statusLine } from '../media/media-status';
import type { MediaRef } from './media-attachments';
import { narrationsOf, readNarrations, removeNarration } from './media-attachments';
import { MediaResult } from './MediaResult';
import { useMediaAttachments, useMediaEntries } from './use-media';
import type { Source } from './use-source';
import { useSource } from './use-source';
import './narrations.css';

export interface NarrationsProps {
  readonly doc: Y.Doc;
  readonly docId: string;
  readonly selection: string;
  readonly services: { readonly media: MediaStore; readonly party: PartyStore };
  readonly campaignId: string;
  readonly canAsk: boolean;
}

/** Most a narration request carries (the jobs service's limit). */
const maxNarration = 5000;

/**
 * "Narrate selection" for the notes, and the narrations attached to them: a request waits on the
 * device while offline; the finished recording is added to the doc, so every member can play it.
 */
export function Narrations({ doc, docId, selection, services, campaignId, canAsk }: NarrationsProps) {
  const media = services.media;
  const t = useT();
  const locale = useLocale();
  const online = useOnline();
  const [failed, setFailed] = useState(false);
  useMediaAttachments(services, campaignId, docId, doc, canAsk);
  const source = useMemo<Source<MediaRef[]>>(() => {
    const list = narrationsOf(doc);
    return {
      subscribe: (onChange) => {
        list.observe(onChange);
        return () => {
          list.unobserve(onChange);
        };
      },
      read: () => readNarrations(doc),
    };
  }, [doc]);
  const narrations = useSource(source);
  const entries = useMediaEntries(media, campaignId);
  const pending = (entries ?? []).filter(
    (entry) => entry.local?.attach?.kind === 'notes' && entry.local.attach.docId === docId && entry.local.attached !== true && entry.status !== 'cancelled',
  );
  const text = selection.trim().slice(0, maxNarration);
  const narrate = () => {
    setFailed(false);
    if (text === '') return;
    // Russian text gets a Russian voice whatever the interface language.
    const language = /[а-яё]/i.test(text) ? 'ru' : /[a-z]/i.test(text) ? 'en' : locale;
    media.ask(campaignId, { type: 'tts', payload: { text, language } }, { label: text.slice(0, 140), attach: { kind: 'notes', docId } }).catch(() => {
      setFailed(true);
    });
  };
  return (
    <section className="narrations" aria-labelledby={`${docId}-narrations`}>
      {canAsk ? (
        <div className="narrations__bar">
          <button type="button" className="narrations__narrate" onClick={narrate} disabled={text === ''}>
            {t('media.narrate')}
          </button>
          {text === '' ? <span className="narrations__hint">{t('media.narrateHint')}</span> : null}
          {failed ? (
            <span className="narrations__error" role="alert">
              {t('media.error.notStored')}
            </span>
          ) : null}
        </div>
      ) : null}
      {narrations.length > 0 || pending.length > 0 ? (
        <>
          <h3 id={`${docId}-narrations`} className="narrations__title">
            {t('media.narrations')}
          </h3>
          <ul className="narrations__list">
            {pending.map((entry) => {
              const status = statusLine(entry, online);
              return (
                <li key={entry.key} className="narrations__item narrations__item--pending">
                  <p className="narrations__excerpt">“{entry.label}”</p>
                  <p className={`narrations__status narrations__status--${status.tone}`} role="status">
                    {t(status.key, status.values)}
                    {status.reasonKey !== undefined ? ` — ${t(status.reasonKey)}` : ''}
                  </p>
                </li>
              );
            })}
            {narrations.map((ref) => (
              <li key={ref.jobId} className="narrations__item">
                <p className="narrations__excerpt">
                  “{ref.label}”{ref.durationMs !== undefined ? <span className="narrations__duration"> · {formatDuration(ref.durationMs)}</span> : null}
                </p>
                <MediaResult media={media} result={ref} label={t('media.mode.tts')} />
                {canAsk ? (
                  <button
                    type="button"
                    className="narrations__remove"
                    onClick={() => {
                      removeNarration(doc, ref.jobId);
                    }}
                  >
                    {t('media.removeNarration')}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <span id={`${docId}-narrations`} hidden>
          {t('media.narrations')}
        </span>
      )}
    </section>
  );
}
