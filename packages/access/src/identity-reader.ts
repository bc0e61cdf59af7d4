import type { CampaignRole } from '@rpg-bot/contracts';
import type { Database } from '@rpg-bot/db';
import type { RevocationLookup, RoleLookup, UserLookup } from './ports';

/**
 * The read model of identity and membership that the relay owns (`users`, `revoked_sessions`,
 * `campaign_members`, created by the relay's migrations) for services that only read it, such as
 * jobs. These three queries are the whole contract: a change to those tables must keep them
 * working (ADR 0022).
 */
export class IdentityReader implements UserLookup, RevocationLookup, RoleLookup {
  constructor(private readonly db: Database) {}

  async find(userId: string): Promise<{ id: string; name: string } | undefined> {
    const { rows } = await this.db.query<{ id: string; name: string }>('SELECT id, name FROM users WHERE id = $1', [userId]);
    return rows[0];
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    const { rows } = await this.db.query('SELECT 1 FROM revoked_sessions WHERE session_id = $1', [sessionId]);
    return rows.length > 0;
  }

  async roleOf(campaignId: string, userId: string): Promise<CampaignRole | undefined> {
    const { rows } = await this.db.query<{ role: CampaignRole }>('SELECT role FROM campaign_members WHERE campaign_id = $1 AND user_id = $2', [
      campaignId,
      userId,
    ]);
    return rows[0]?.role;
  }
}
