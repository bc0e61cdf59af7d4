import { useId, useMemo, useState } from 'react';
import type { DocCheckpoint } from '@rpg-bot/contracts';
import { errorMessageKey } from '../../api';
import type { CampaignFeatureProps } from '../../shell/feature';
import { useLocale, useT } from '../../shell/i18n';
import { replaceText } from '../shared/replace-text';
import { useDocHandle } from '../shared/use-doc-handle';
import { usePartyFeed } from '../shared/use-party-feed';
import { actorNames } from '../party/party-events';
import type { DocChoice, DocKind } from './history-model';
import { canRestore, docChoices, groupVersions, notesAtVersion } from './history-model';
import { useAsync } from './use-async';
import './history.css';

const pageSize = 30;

/** Browse earlier versions of a notes doc, preview one, restore it as a new edit. */
export default function HistoryPage({ session, services, campaign }: CampaignFeatureProps) {
  const t = useT();
  const choices = docChoices(campaign);
  const [kind, setKind] = useState<DocKind>('shared');
  const choice = choices.find((c) => c.kind === kind) ?? choices[0];
  // Names of authors, learned from the party feed's stamped events.
  const party = usePartyFeed(services.party, campaign.id);
  const names = useMemo(() => actorNames(party?.events ?? []), [party?.events]);

  return (
    <section className="history" aria-labelledby="history-title">
      <h2 id="history-title" className="history__title">
        {t('history.title')}
      </h2>
      <p className="history__text">{t('history.intro')}</p>
      <div className="history__field">
        <label htmlFor="history-doc" className="history__label">
          {t('history.doc')}
        </label>
        <select
          id="history-doc"
          className="history__select"
          value={choice?.kind}
          onChange={(event) => {
            const next = choices.find((c) => c.kind === event.target.value);
            if (next !== undefined) setKind(next.kind);
          }}
        >
          {choices.map((c) => (
            <option key={c.kind} value={c.kind}>
              {t(`history.doc.${c.kind}`)}
            </option>
          ))}
        </select>
      </div>
      {choice === undefined ? null : (
        <DocHistoryView
          key={choice.docId}
          choice={choice}
          restorable={canRestore(choice.kind, campaign.role)}
          userId={session.userId}
          names={names}
          services={services}
        />
      )}
    </section>
  );
}

interface DocHistoryViewProps {
  readonly choice: DocChoice;
  readonly restorable: boolean;
  readonly userId: string;
  readonly names: ReadonlyMap<string, string>;
  readonly services: CampaignFeatureProps['services'];
}

function DocHistoryView({ choice, restorable, userId, names, services }: DocHistoryViewProps) {
  const t = useT();
  const locale = useLocale();
  const [attempt, setAttempt] = useState(0);
  const [shown, setShown] = useState(pageSize);
  const [selected, setSelected] = useState<number | null>(null);
  const history = useAsync(`${choice.docId}#${String(attempt)}`, () => services.api.docHistory(choice.docId));
  const listId = useId();

  if (history.status === 'loading') {
    return (
      <p className="history__text" aria-busy="true">
        {t('history.loading')}
      </p>
    );
  }
  if (history.status === 'error') {
    return (
      <div className="history__error" role="alert">
        <p className="history__text">{t('history.error')}</p>
        <p className="history__text">{t(errorMessageKey(history.error))}</p>
        <button
          type="button"
          className="history__button"
          onClick={() => {
            setAttempt((n) => n + 1);
          }}
        >
          {t('history.retry')}
        </button>
      </div>
    );
  }
  const versions = groupVersions(history.value.checkpoints);
  if (versions.length === 0) return <p className="history__text">{t('history.empty')}</p>;

  const author = (checkpoint: DocCheckpoint) =>
    checkpoint.authorId === userId ? t('history.you') : (names.get(checkpoint.authorId) ?? t('history.unknownAuthor'));
  const when = (checkpoint: DocCheckpoint) => new Date(checkpoint.at).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <div className="history__layout">
      <div className="history__versions">
        <h3 id={listId} className="history__subtitle">
          {t('history.versions')}
        </h3>
        <p className="history__text history__text--small">{t('history.versionsHint')}</p>
        <ul className="history__list" aria-labelledby={listId}>
          {versions.slice(0, shown).map(({ checkpoint, edits }) => (
            <li key={checkpoint.seq}>
              <button
                type="button"
                className="history__version"
                aria-pressed={checkpoint.seq === selected}
                onClick={() => {
                  setSelected(checkpoint.seq);
                }}
              >
                <span className="history__version-name">{t('history.version', { seq: checkpoint.seq })}</span>
                <span className="history__version-line">
                  {t('history.versionLine', {
                    time: when(checkpoint),
                    author: author(checkpoint),
                    edits: t('history.edits', { count: edits }),
                  })}
                </span>
              </button>
            </li>
          ))}
        </ul>
        {versions.length > shown ? (
          <button
            type="button"
            className="history__button history__button--secondary"
            onClick={() => {
              setShown((n) => n + pageSize);
            }}
          >
            {t('history.more')}
          </button>
        ) : null}
      </div>
      {selected === null ? (
        <p className="history__text">{t('history.pick')}</p>
      ) : (
        <VersionPreview key={selected} docId={choice.docId} seq={selected} restorable={restorable} services={services} />
      )}
    </div>
  );
}

interface VersionPreviewProps {
  readonly docId: string;
  readonly seq: number;
  readonly restorable: boolean;
  readonly services: CampaignFeatureProps['services'];
}

function VersionPreview({ docId, seq, restorable, services }: VersionPreviewProps) {
  const t = useT();
  const version = useAsync(`${docId}@${String(seq)}`, async () => notesAtVersion(await services.api.docAt(docId, seq)));
  // The live doc is opened only where restoring is allowed, so nothing extra is stored otherwise.
  const live = useDocHandle(services.docs, restorable ? docId : null);
  const [outcome, setOutcome] = useState<'restored' | 'unchanged' | null>(null);
  const headingId = useId();

  return (
    <section className="history__preview" aria-labelledby={headingId}>
      <h3 id={headingId} className="history__subtitle">
        {t('history.version', { seq })}
      </h3>
      {version.status === 'loading' ? (
        <p className="history__text" aria-busy="true">
          {t('history.previewLoading', { seq })}
        </p>
      ) : version.status === 'error' ? (
        <div role="alert">
          <p className="history__text">{t('history.previewError')}</p>
          <p className="history__text">{t(errorMessageKey(version.error))}</p>
        </div>
      ) : (
        <>
          <pre className="history__text-preview" tabIndex={0} aria-label={t('history.previewLabel', { seq })}>
            {version.value === '' ? t('history.previewEmpty') : version.value}
          </pre>
          {!restorable ? (
            <p className="history__text">{t('history.readOnly')}</p>
          ) : live.status !== 'ready' ? (
            <p className="history__text" aria-busy="true">
              {t('history.restoreWaiting')}
            </p>
          ) : (
            <button
              type="button"
              className="history__button"
              onClick={() => {
                const changed = replaceText(live.handle.doc.getText('notes'), version.value);
                setOutcome(changed ? 'restored' : 'unchanged');
              }}
            >
              {t('history.restore')}
            </button>
          )}
          <p className="history__text" aria-live="polite">
            {outcome === 'restored' ? t('history.restored', { seq }) : outcome === 'unchanged' ? t('history.restoreUnchanged', { seq }) : ''}
          </p>
        </>
      )}
    </section>
  );
}
