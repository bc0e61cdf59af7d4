import { Fragment } from 'react';
import type { MediaStore } from '../../data';
import type { Session } from '../../shell/feature';
import { MediaResult } from '../shared/MediaResult';
import { useLocale, useT } from '../../shell/i18n';
import type { DieGroup, FeedItem } from './party-events';

export interface FeedItemViewProps {
  readonly item: FeedItem;
  readonly session: Session;
  readonly media: MediaStore;
}

/** One entry of the party feed. */
export function FeedItemView({ item, session, media }: FeedItemViewProps) {
  const t = useT();
  const locale = useLocale();
  // Outbox items are ours and not stamped yet.
  const name = item.actorName ?? (item.pending ? session.name : t('party.someone'));
  const time = item.time === null ? null : new Date(item.time);
  const meta = (
    <span className="party-item__meta">
      {time !== null && !Number.isNaN(time.getTime()) && !item.pending ? (
        <time dateTime={time.toISOString()}>{time.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' })}</time>
      ) : null}
      {item.pending ? <span className="party-item__pending">{t('party.sending')}</span> : null}
      {item.failed === null ? null : <span className="party-item__failed">{t(failedKey(item.failed))}</span>}
    </span>
  );

  switch (item.kind) {
    case 'chat':
      return (
        <li className="party-item">
          <p className="party-item__head">
            <strong>{name}</strong> {meta}
          </p>
          <p className="party-item__text">{item.text}</p>
        </li>
      );
    case 'notice':
      return (
        <li className="party-item party-item--notice">
          <p className="party-item__head">
            <strong>{t('party.notice')}</strong> · {name} {meta}
          </p>
          <p className="party-item__text">{item.text}</p>
        </li>
      );
    case 'rolling':
      return (
        <li className="party-item party-item--roll">
          <p className="party-item__head">
            {t('party.rolling', { name, expression: item.expression })} {meta}
          </p>
        </li>
      );
    case 'roll':
      return (
        <li className="party-item party-item--roll">
          <p className="party-item__head">
            {item.label === null
              ? t('party.rolled', { name, expression: item.expression })
              : t('party.rolledFor', { name, expression: item.expression, label: item.label })}
            {item.mode === 'normal' ? null : ` (${t(`party.withMode.${item.mode}`)})`} {meta}
          </p>
          <p className="party-roll">
            {item.groups.map((group, index) => (
              <Dice key={index} group={group} />
            ))}
            {item.modifier === 0 ? null : <span className="party-roll__modifier">{t('party.modifier', { modifier: signed(item.modifier) })}</span>}
            <strong className="party-roll__total">{t('party.total', { total: item.total })}</strong>
          </p>
        </li>
      );
    case 'joined':
      return (
        <li className="party-item party-item--member">
          <p className="party-item__head">
            {t('party.joined', { name: item.name, role: roleName(t, item.role) })} {meta}
          </p>
        </li>
      );
    case 'left':
      return (
        <li className="party-item party-item--member">
          <p className="party-item__head">
            {t(item.reason === 'removed' ? 'party.removed' : 'party.left', { name: item.name })} {meta}
          </p>
        </li>
      );
    case 'media':
      return (
        <li className={`party-item party-item--media party-item--${item.media}`}>
          <p className="party-item__head">
            {t(`party.media.${item.media}`, { name, title: item.ref.label })} {meta}
          </p>
          {item.media === 'narration' ? <p className="party-item__text party-item__excerpt">“{item.ref.label}”</p> : null}
          <MediaResult
            media={media}
            result={item.ref}
            label={item.ref.label}
            variant={item.media === 'portrait' ? 'portrait' : 'card'}
            {...(item.ref.width === undefined ? {} : { width: item.ref.width })}
            {...(item.ref.height === undefined ? {} : { height: item.ref.height })}
          />
          {item.ref.attribution === undefined ? null : <p className="party-item__credit">{item.ref.attribution}</p>}
        </li>
      );
  }
}

const explainedFailures = new Set(['read_only', 'forbidden_event_type', 'invalid_dice_expression', 'rate_limited']);

/** The message for a refusal code; codes a user cannot act on share one text. */
function failedKey(code: string): string {
  return explainedFailures.has(code) ? `party.failed.${code}` : 'party.failed.other';
}

function signed(value: number): string {
  return value < 0 ? `\u2212${String(-value)}` : `+${String(value)}`;
}

function roleName(t: (key: string) => string, role: string): string {
  return role === 'gm' || role === 'player' || role === 'viewer' ? t(`party.role.${role}`) : role;
}

function Dice({ group }: { readonly group: DieGroup }) {
  const t = useT();
  return (
    <span className="party-roll__group">
      <span className="party-roll__sides">d{group.sides}:</span>{' '}
      {group.dice.map((die, index) => (
        // Spaces between dice keep them apart in copied text and for screen readers (flex ignores them).
        <Fragment key={index}>
          {die.kept ? (
            <span className="party-die">{die.value}</span>
          ) : (
            <span className="party-die party-die--dropped">
              <span className="party-visually-hidden">{t('party.dropped')} </span>
              {die.value}
            </span>
          )}{' '}
        </Fragment>
      ))}
    </span>
  );
}
