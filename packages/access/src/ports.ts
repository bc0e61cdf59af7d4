import type { CampaignRole } from '@rpg-bot/contracts';

/** Whether a user exists (a token of a deleted user is refused). */
export interface UserLookup {
  find(userId: string): Promise<{ readonly id: string; readonly name: string } | undefined>;
}

/** Whether a session was signed out (its tokens are refused until they expire). */
export interface RevocationLookup {
  isRevoked(sessionId: string): Promise<boolean>;
}

/** A user's role in a campaign, undefined when not a member (or no such campaign). */
export interface RoleLookup {
  roleOf(campaignId: string, userId: string): Promise<CampaignRole | undefined>;
}
