import type { FeatureManifest } from '../../shell/feature';
import { campaignsMessages } from './messages';

/**
 * Campaigns: the list and create form (home), joining by invite (`/join/:code`, where Telegram's
 * `start_param` leads, and `/invite/:code`, the relay's web invite link), and the GM's invite tab.
 */
export const manifests: readonly FeatureManifest[] = [
  {
    id: 'campaigns',
    scope: 'app',
    path: '',
    navLabel: 'campaigns.nav',
    order: 0,
    messages: campaignsMessages,
    load: () => import('./CampaignsPage'),
  },
  {
    id: 'campaigns-join',
    scope: 'app',
    path: 'join/:code',
    order: 1,
    messages: { en: {}, ru: {} },
    load: () => import('./JoinPage'),
  },
  {
    id: 'campaigns-invite-link',
    scope: 'app',
    path: 'invite/:code',
    order: 2,
    messages: { en: {}, ru: {} },
    load: () => import('./JoinPage'),
  },
  {
    id: 'campaigns-invite',
    scope: 'campaign',
    path: 'invite',
    navLabel: 'campaigns.invite.nav',
    order: 90,
    requiredRole: 'gm',
    messages: { en: {}, ru: {} },
    load: () => import('./InvitePage'),
  },
];
