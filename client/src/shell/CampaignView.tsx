import { useEffect } from 'react';
import { hasRole } from '@rpg-bot/contracts';
import type { Campaign } from '@rpg-bot/contracts';
import { useCampaignDirectory, useDirectoryState } from './campaign-directory';
import type { CampaignFeatureProps, ClientServices, FeatureManifest, Session } from './feature';
import { useT } from './i18n';
import { LazyFeature } from './LazyFeature';
import { Link, navigate, pathFor } from './router';
import { useShell } from './shell-context';
import { SyncStatusLine } from './SyncStatusLine';

export type CampaignManifest = Extract<FeatureManifest, { scope: 'campaign' }>;

export interface CampaignViewProps {
  readonly campaignId: string;
  readonly tab: string | undefined;
  readonly session: Session;
  readonly services: ClientServices;
  readonly features: readonly CampaignManifest[];
}

/** The sections this member may open, in order. */
export function visibleSections(features: readonly CampaignManifest[], campaign: Pick<Campaign, 'role'>): CampaignManifest[] {
  return features.filter((feature) => hasRole(campaign.role, feature.requiredRole));
}

/** `/campaigns/:campaignId/:tab`: header, sync status, section tabs filtered by role, the section. */
export function CampaignView({ campaignId, tab, session, services, features }: CampaignViewProps) {
  const t = useT();
  const directory = useCampaignDirectory();
  const state = useDirectoryState(directory);
  const campaign = state.campaigns?.find((candidate) => candidate.id === campaignId);
  const known = campaign !== undefined;

  useEffect(() => {
    // Joined or created on another device: the device's list may not know it yet.
    if (!known) void directory.refresh();
  }, [directory, known]);

  useTelegramBackButton();

  const sections = campaign === undefined ? [] : visibleSections(features, campaign);
  const first = sections[0];
  useEffect(() => {
    if (tab === undefined && first !== undefined)
      navigate(pathFor('campaigns/:campaignId/:tab', { campaignId, tab: first.path }), { replace: true });
  }, [tab, first, campaignId]);

  if (campaign === undefined) {
    const loading = state.loading || state.campaigns === null;
    return (
      <section className="shell-message">
        {loading ? (
          <p aria-busy="true">{t('campaign.loading')}</p>
        ) : (
          <>
            <h1>{t('shell.notFound.title')}</h1>
            <p>{t('campaign.unknown')}</p>
            <Link to="/">{t('campaign.back')}</Link>
          </>
        )}
      </section>
    );
  }

  const feature = features.find((candidate) => candidate.path === tab);
  const allowed = feature !== undefined && hasRole(campaign.role, feature.requiredRole);
  const props: CampaignFeatureProps = { session, services, campaign, params: { campaignId, ...(tab === undefined ? {} : { tab }) } };

  return (
    <div className="campaign">
      <header className="campaign__header">
        <Link to="/" className="campaign__back">
          <span aria-hidden="true">← </span>
          {t('campaign.back')}
        </Link>
        <h1 className="campaign__title">{campaign.title}</h1>
        <p className="campaign__role">{t('campaign.yourRole', { role: t(`campaign.role.${campaign.role}`) })}</p>
        <SyncStatusLine docs={services.docs} campaign={campaign} />
      </header>
      {sections.length > 0 && (
        <nav className="campaign__tabs" aria-label={t('campaign.sections')}>
          <ul>
            {sections.map((section) => (
              <li key={section.id}>
                <Link
                  to={pathFor('campaigns/:campaignId/:tab', { campaignId, tab: section.path })}
                  aria-current={section.path === tab ? 'page' : undefined}
                >
                  {t(section.navLabel)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <div className="campaign__section">
        {tab === undefined && sections.length === 0 && <p className="shell-message">{t('campaign.noSections')}</p>}
        {tab !== undefined && feature === undefined && <p className="shell-message">{t('shell.notFound.body')}</p>}
        {feature !== undefined && !allowed && (
          <p className="shell-message" role="alert">
            {t('campaign.noAccess')}
          </p>
        )}
        {feature !== undefined && allowed && <LazyFeature key={feature.id} load={feature.load} props={props} />}
      </div>
    </div>
  );
}

/** Inside Telegram, its native Back button leads from a campaign to the list. */
function useTelegramBackButton(): void {
  const { telegram } = useShell();
  const backButton = telegram.webApp?.BackButton;
  useEffect(() => {
    if (backButton === undefined) return;
    const back = () => {
      navigate('/');
    };
    backButton.onClick(back);
    backButton.show();
    return () => {
      backButton.offClick(back);
      backButton.hide();
    };
  }, [backButton]);
}
