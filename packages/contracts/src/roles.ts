import type { CampaignRole } from './generated/types';

/** Every campaign role, least to most privileged (the order of {@link hasRole}). */
export const campaignRoles = ['viewer', 'player', 'gm'] as const satisfies readonly CampaignRole[];

const rank: Readonly<Record<CampaignRole, number>> = { viewer: 0, player: 1, gm: 2 };

/** Whether `role` is at least `minimum` (gm > player > viewer); `null`/`undefined` (not a member) never is. */
export function hasRole(role: CampaignRole | null | undefined, minimum: CampaignRole): boolean {
  return role !== null && role !== undefined && rank[role] >= rank[minimum];
}

/** Whether `value` is one of the campaign roles (for values read from storage or a URL). */
export function isCampaignRole(value: unknown): value is CampaignRole {
  return typeof value === 'string' && Object.hasOwn(rank, value);
}
