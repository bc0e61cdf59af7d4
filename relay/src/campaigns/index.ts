export { campaignRoutes } from './campaign-routes';
export type { CampaignRoutesOptions, CampaignSettings, MembershipChange } from './campaign-routes';
export { CampaignStore } from './campaign-store';
export type { AcceptResult } from './campaign-store';
export { docAccess } from './doc-access';
export type { DocAccess, DocKind, MemberRole } from './doc-access';
export { inviteUrl, newInviteCode } from './invite-link';
export type { InviteLinkSettings } from './invite-link';
