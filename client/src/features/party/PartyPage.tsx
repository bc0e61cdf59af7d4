import { useEffect, useMemo, useRef } from 'react';
import type { CampaignFeatureProps } from '../../shell/feature';
import { useT } from '../../shell/i18n';
import { canEdit } from '../shared/roles';
import type { PartyFeedStatus } from '../shared/use-party-feed';
import { usePartyFeed } from '../shared/use-party-feed';
import { DiceRoller } from './DiceRoller';
import { FeedItemView } from './FeedItemView';
import { feedItems, partyEventTypes } from './party-events';
import { TextComposer } from './TextComposer';
import './party.css';

/** The party feed with its composers; history replays from the local cache and the relay on open. */
export default function PartyPage({ session, services, campaign }: CampaignFeatureProps) {
  const t = useT();
  const state = usePartyFeed(services.party, campaign.id);
  const items = useMemo(() => feedItems(state?.events ?? []), [state?.events]);
  const scroller = useRef<HTMLDivElement>(null);

  // Keep the newest event in view as the feed grows.
  useEffect(() => {
    const element = scroller.current;
    if (element !== null) element.scrollTop = element.scrollHeight;
  }, [items.length]);

  const publish = state === null ? null : (type: string, data: unknown) => state.feed.publish(type, data);
  const mayPost = canEdit(campaign.role);

  return (
    <section className="party" aria-labelledby="party-title">
      <h2 id="party-title" className="party__title">
        {t('party.title')}
      </h2>
      {state === null ? null : <FeedConnection status={state.status} />}
      {state?.status.gap === true ? (
        <p className="party__gap" role="note">
          {t('party.gap')}
        </p>
      ) : null}
      {state === null ? (
        <p className="party__state" aria-busy="true">
          {t('party.loading')}
        </p>
      ) : (
        <div className="party__feed" ref={scroller} role="log" aria-label={t('party.feedLabel')} tabIndex={0}>
          {items.length === 0 ? (
            <p className="party__state">{t('party.empty')}</p>
          ) : (
            <ol className="party__items">
              {items.map((item) => (
                <FeedItemView key={item.id} item={item} session={session} media={services.media} />
              ))}
            </ol>
          )}
        </div>
      )}
      {!mayPost ? (
        <p className="party__state">{t('party.readOnly')}</p>
      ) : publish === null ? null : (
        <div className="party__composers">
          <TextComposer
            id="party-chat"
            label={t('party.chat.label')}
            submitLabel={t('party.chat.send')}
            onSubmit={(text) => publish(partyEventTypes.chatMessage, { text })}
          />
          <DiceRoller publish={publish} />
          {campaign.role === 'gm' ? (
            <TextComposer
              id="party-notice"
              label={t('party.notice.label')}
              submitLabel={t('party.notice.post')}
              onSubmit={(text) => publish(partyEventTypes.gmNotice, { text })}
              notice
            />
          ) : null}
        </div>
      )}
    </section>
  );
}

/** Says when the feed is not live, so nobody waits for a roll that cannot come yet. */
function FeedConnection({ status }: { readonly status: PartyFeedStatus }) {
  const t = useT();
  const key =
    status.state === 'offline'
      ? status.pendingEvents > 0
        ? 'party.offlinePending'
        : 'party.offline'
      : status.state === 'forbidden'
        ? 'party.forbidden'
        : status.state === 'unauthorized'
          ? 'party.unauthorized'
          : null;
  if (key === null) return null;
  return (
    <p className="party__gap" role="note">
      {t(key, { count: status.pendingEvents })}
    </p>
  );
}
