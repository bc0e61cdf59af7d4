import { randomUUID } from 'node:crypto';
import type { Campaign, CampaignDocIds, InviteRole } from '@rpg-bot/contracts';
import type { Database, Queryable } from '@rpg-bot/db';
import { docAccess } from './doc-access';
import type { DocAccess, DocKind } from './doc-access';
import type { CampaignRole } from '@rpg-bot/contracts';
import { newInviteCode } from './invite-link';

/** Outcome of accepting an invite; only `joined` carries the campaign. */
export type AcceptResult =
  /** `newMember`: this call made the user a member (false for a member following a link again). */
  | { readonly kind: 'joined'; readonly campaign: Campaign; readonly newMember: boolean }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'expired' }
  | { readonly kind: 'revoked' };

interface MemberDocRow extends Record<string, unknown> {
  id: string;
  title: string;
  created_at: Date;
  role: CampaignRole;
  doc_id: string;
  kind: DocKind;
  owner_user_id: string | null;
}

/**
 * Campaigns, their members, invites and document ids, in the relay's database. Every campaign
 * has one shared and one GM doc from its creation, and one private doc per member, created when
 * they join and kept if they leave (rejoining gives it back).
 */
export class CampaignStore {
  constructor(
    private readonly db: Database,
    private readonly clock: () => number,
  ) {}

  private now(): Date {
    return new Date(this.clock());
  }

  /** Creates the campaign with its creator as GM, and its shared, GM and private docs. */
  async create(userId: string, title: string): Promise<Campaign> {
    const id = randomUUID();
    const now = this.now();
    await this.db.transaction(async (tx) => {
      await tx.query('INSERT INTO campaigns (id, title, created_by, created_at) VALUES ($1, $2, $3, $4)', [id, title, userId, now]);
      await tx.query("INSERT INTO campaign_members (campaign_id, user_id, role, joined_at) VALUES ($1, $2, 'gm', $3)", [id, userId, now]);
      await tx.query(
        `INSERT INTO campaign_docs (doc_id, campaign_id, kind, owner_user_id, created_at)
         VALUES ($1, $3, 'shared', NULL, $4), ($2, $3, 'gm', NULL, $4)`,
        [randomUUID(), randomUUID(), id, now],
      );
      await this.addPrivateDoc(tx, id, userId, now);
    });
    return this.require(id, userId);
  }

  /** The user's campaigns, newest first, each with the doc ids this user may open. */
  async listFor(userId: string): Promise<Campaign[]> {
    return this.views(userId, null);
  }

  /** One campaign as `userId` sees it, or undefined when they are not a member. */
  async findFor(campaignId: string, userId: string): Promise<Campaign | undefined> {
    return (await this.views(userId, campaignId))[0];
  }

  /** The user's role in the campaign, or undefined when not a member (or no such campaign). */
  async roleOf(campaignId: string, userId: string): Promise<CampaignRole | undefined> {
    const { rows } = await this.db.query<{ role: CampaignRole }>('SELECT role FROM campaign_members WHERE campaign_id = $1 AND user_id = $2', [
      campaignId,
      userId,
    ]);
    return rows[0]?.role;
  }

  /** A new multi-use invite, valid for `ttlSeconds` or until revoked. */
  async createInvite(campaignId: string, createdBy: string, role: InviteRole, ttlSeconds: number): Promise<{ code: string; expiresAt: Date }> {
    const code = newInviteCode();
    const now = this.now();
    const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
    await this.db.query(
      'INSERT INTO invites (code, campaign_id, role, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [code, campaignId, role, createdBy, now, expiresAt],
    );
    return { code, expiresAt };
  }

  /** Revokes the campaign's invite; false when the code is not one of this campaign's. Revoking twice is fine. */
  async revokeInvite(campaignId: string, code: string): Promise<boolean> {
    const { rowCount } = await this.db.query(
      'UPDATE invites SET revoked_at = COALESCE(revoked_at, $3) WHERE code = $1 AND campaign_id = $2',
      [code, campaignId, this.now()],
    );
    return rowCount > 0;
  }

  /**
   * Joins the invite's campaign with its role. Idempotent for members: they keep their role
   * (a GM following their own link stays GM), whatever the invite's state.
   */
  async acceptInvite(code: string, userId: string): Promise<AcceptResult> {
    const outcome = await this.db.transaction(async (tx): Promise<AcceptResult | { kind: 'member'; campaignId: string; newMember: boolean }> => {
      const { rows } = await tx.query<{ campaign_id: string; role: InviteRole; expires_at: Date; revoked_at: Date | null }>(
        'SELECT campaign_id, role, expires_at, revoked_at FROM invites WHERE code = $1 FOR UPDATE',
        [code],
      );
      const invite = rows[0];
      if (invite === undefined) return { kind: 'unknown' };
      const member = await tx.query('SELECT 1 FROM campaign_members WHERE campaign_id = $1 AND user_id = $2', [invite.campaign_id, userId]);
      if (member.rowCount > 0) return { kind: 'member', campaignId: invite.campaign_id, newMember: false };
      if (invite.revoked_at !== null) return { kind: 'revoked' };
      const now = this.now();
      if (invite.expires_at.getTime() <= now.getTime()) return { kind: 'expired' };
      await tx.query(
        'INSERT INTO campaign_members (campaign_id, user_id, role, joined_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
        [invite.campaign_id, userId, invite.role, now],
      );
      await this.addPrivateDoc(tx, invite.campaign_id, userId, now);
      await tx.query('UPDATE invites SET accepted_count = accepted_count + 1 WHERE code = $1', [code]);
      return { kind: 'member', campaignId: invite.campaign_id, newMember: true };
    });
    if (outcome.kind !== 'member') return outcome;
    return { kind: 'joined', campaign: await this.require(outcome.campaignId, userId), newMember: outcome.newMember };
  }

  /**
   * What `userId` may do with the document `docId` under {@link docAccess}: `none` for an unknown
   * doc or a non-member. For the sync route, which gets only a doc id from the client.
   */
  async docAccessFor(docId: string, userId: string): Promise<DocAccess> {
    const { rows } = await this.db.query<{ kind: DocKind; owner_user_id: string | null; role: CampaignRole | null }>(
      `SELECT d.kind, d.owner_user_id, m.role
         FROM campaign_docs d
         LEFT JOIN campaign_members m ON m.campaign_id = d.campaign_id AND m.user_id = $2
        WHERE d.doc_id = $1`,
      [docId, userId],
    );
    const row = rows[0];
    return row === undefined ? 'none' : docAccess(row.role, row.kind, row.owner_user_id, userId);
  }

  /** Every document id of a campaign (shared, gm and every private doc), e.g. to close sockets when access ends. */
  async docIdsOf(campaignId: string): Promise<string[]> {
    const { rows } = await this.db.query<{ doc_id: string }>('SELECT doc_id FROM campaign_docs WHERE campaign_id = $1 ORDER BY doc_id', [campaignId]);
    return rows.map((row) => row.doc_id);
  }

  /**
   * Removes a member (their private doc stays, for when they rejoin). Answers the role they had and
   * their display name (for the party's member-left event), or undefined when they were not one.
   */
  async removeMember(campaignId: string, userId: string): Promise<{ role: CampaignRole; name: string } | undefined> {
    const { rows } = await this.db.query<{ role: CampaignRole; name: string | null }>(
      `DELETE FROM campaign_members m WHERE m.campaign_id = $1 AND m.user_id = $2
       RETURNING m.role, (SELECT u.name FROM users u WHERE u.id = m.user_id) AS name`,
      [campaignId, userId],
    );
    const row = rows[0];
    return row === undefined ? undefined : { role: row.role, name: row.name ?? '' };
  }

  private async addPrivateDoc(tx: Queryable, campaignId: string, userId: string, now: Date): Promise<void> {
    await tx.query(
      `INSERT INTO campaign_docs (doc_id, campaign_id, kind, owner_user_id, created_at)
       VALUES ($1, $2, 'private', $3, $4) ON CONFLICT DO NOTHING`,
      [randomUUID(), campaignId, userId, now],
    );
  }

  private async require(campaignId: string, userId: string): Promise<Campaign> {
    const campaign = await this.findFor(campaignId, userId);
    if (campaign === undefined) throw new Error(`campaign ${campaignId} has no membership for the user who just joined it`);
    return campaign;
  }

  private async views(userId: string, campaignId: string | null): Promise<Campaign[]> {
    const { rows } = await this.db.query<MemberDocRow>(
      `SELECT c.id, c.title, c.created_at, m.role, d.doc_id, d.kind, d.owner_user_id
         FROM campaign_members m
         JOIN campaigns c ON c.id = m.campaign_id
         JOIN campaign_docs d ON d.campaign_id = c.id
        WHERE m.user_id = $1 AND ($2::text IS NULL OR c.id = $2::text)
        ORDER BY c.created_at DESC, c.id`,
      [userId, campaignId],
    );
    const byId = new Map<string, { row: MemberDocRow; docs: Partial<Record<DocKind, string>> }>();
    for (const row of rows) {
      const entry = byId.get(row.id) ?? { row, docs: {} };
      byId.set(row.id, entry);
      // The same rule sync enforces decides which ids a member even learns.
      if (docAccess(row.role, row.kind, row.owner_user_id, userId) !== 'none') entry.docs[row.kind] = row.doc_id;
    }
    return [...byId.values()].map(({ row, docs }) => toCampaign(row, docs));
  }
}

function toCampaign(row: MemberDocRow, docs: Partial<Record<DocKind, string>>): Campaign {
  const { shared, gm, private: own } = docs;
  if (shared === undefined || own === undefined) throw new Error(`campaign ${row.id} lacks its shared or private doc`);
  const ids: CampaignDocIds = { shared, private: own, ...(gm === undefined ? {} : { gm }) };
  return { id: row.id, title: row.title, role: row.role, createdAt: row.created_at.toISOString(), docs: ids };
}
