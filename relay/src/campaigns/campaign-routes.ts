import type { Config } from '@rpg-bot/config';
import type { Invite } from '@rpg-bot/contracts';
import { validators } from '@rpg-bot/contracts';
import type { AppEnv } from '@rpg-bot/http';
import { ApiError, jsonBody } from '@rpg-bot/http';
import type { Logger } from '@rpg-bot/observability';
import { Hono } from 'hono';
import type { MiddlewareHandler } from 'hono';
import type { AuthEnv } from '@rpg-bot/access';
import { validPathIds } from '../path-ids';
import type { CampaignStore } from './campaign-store';
import type { CampaignRole } from '@rpg-bot/contracts';
import { inviteUrl } from './invite-link';
import type { InviteLinkSettings } from './invite-link';

export type CampaignSettings = InviteLinkSettings & Pick<Config, 'inviteTtlSeconds'>;

/** A membership change, reported after its commit. */
export interface MembershipChange {
  readonly campaignId: string;
  readonly userId: string;
  readonly name: string;
  readonly role: CampaignRole;
  readonly change: 'joined' | 'removed';
}

export interface CampaignRoutesOptions {
  readonly store: CampaignStore;
  readonly settings: CampaignSettings;
  /** `bearerAuth(…)`: every campaign route needs a signed-in user. */
  readonly auth: MiddlewareHandler<AuthEnv>;
  /**
   * Called after an invite accept made someone a member, or after a GM removed one (both
   * committed). A failure is logged; the request still succeeds, since the change is done.
   */
  readonly onMembershipChanged?: (change: MembershipChange) => Promise<void> | void;
}

// Non-members get the same 404 as for a campaign that does not exist, so ids cannot be probed.
const noSuchCampaign = () => new ApiError('not_found', 'No such campaign, or you are not a member of it.');

async function requireGm(store: CampaignStore, campaignId: string, userId: string): Promise<void> {
  const role: CampaignRole | undefined = await store.roleOf(campaignId, userId);
  if (role === undefined) throw noSuchCampaign();
  if (role !== 'gm') throw new ApiError('forbidden', 'Only the campaign’s GM can do this.');
}

/** Campaigns, invites and membership (`/v1/campaigns…`, `/v1/invites/{code}/accept`). */
export function campaignRoutes({ store, settings, auth, onMembershipChanged }: CampaignRoutesOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const announce = async (log: Logger, change: MembershipChange): Promise<void> => {
    try {
      await onMembershipChanged?.(change);
    } catch (error) {
      log.error({ err: error, campaignId: change.campaignId, userId: change.userId, change: change.change }, 'membership change hook failed');
    }
  };

  app.post('/v1/campaigns', auth, jsonBody(validators.campaignCreateRequest), async (c) => {
    const { userId } = c.get('session');
    const campaign = await store.create(userId, c.get('body').title);
    c.get('log').info({ userId, campaignId: campaign.id }, 'campaign created');
    return c.json(campaign, 201);
  });

  app.get('/v1/campaigns', auth, async (c) => {
    return c.json({ campaigns: await store.listFor(c.get('session').userId) }, 200);
  });

  app.post('/v1/campaigns/:campaignId/invites', auth, validPathIds, jsonBody(validators.inviteCreateRequest), async (c) => {
    const { userId } = c.get('session');
    const campaignId = c.req.param('campaignId');
    await requireGm(store, campaignId, userId);
    const { code, expiresAt } = await store.createInvite(campaignId, userId, c.get('body').role, settings.inviteTtlSeconds);
    const body: Invite = { code, url: inviteUrl(code, settings, new URL(c.req.url).origin), expiresAt: expiresAt.toISOString() };
    c.get('log').info({ userId, campaignId, role: c.get('body').role }, 'invite created');
    return c.json(body, 201);
  });

  app.delete('/v1/campaigns/:campaignId/invites/:code', auth, validPathIds, async (c) => {
    const campaignId = c.req.param('campaignId');
    await requireGm(store, campaignId, c.get('session').userId);
    if (!(await store.revokeInvite(campaignId, c.req.param('code')))) throw new ApiError('not_found', 'No such invite in this campaign.');
    return c.body(null, 204);
  });

  app.post('/v1/invites/:code/accept', auth, validPathIds, async (c) => {
    const { userId } = c.get('session');
    const result = await store.acceptInvite(c.req.param('code'), userId);
    switch (result.kind) {
      case 'unknown':
        throw new ApiError('not_found', 'No such invite.');
      case 'expired':
      case 'revoked':
        // No `gone` code exists; 403 with the reason lets the client say "ask the GM for a new link".
        throw new ApiError('forbidden', result.kind === 'expired' ? 'This invite has expired.' : 'This invite was revoked.', {
          details: { reason: result.kind === 'expired' ? 'invite_expired' : 'invite_revoked' },
        });
      case 'joined':
        c.get('log').info({ userId, campaignId: result.campaign.id, role: result.campaign.role }, 'invite accepted');
        if (result.newMember) {
          const { name } = c.get('session');
          await announce(c.get('log'), { campaignId: result.campaign.id, userId, name, role: result.campaign.role, change: 'joined' });
        }
        return c.json(result.campaign, 200);
    }
  });

  app.delete('/v1/campaigns/:campaignId/members/:userId', auth, validPathIds, async (c) => {
    const me = c.get('session').userId;
    const campaignId = c.req.param('campaignId');
    const target = c.req.param('userId');
    await requireGm(store, campaignId, me);
    if (target === me) throw new ApiError('conflict', 'The GM cannot leave their own campaign.');
    const removed = await store.removeMember(campaignId, target);
    if (removed === undefined) throw new ApiError('not_found', 'That user is not a member of this campaign.');
    c.get('log').info({ userId: me, campaignId, removed: target }, 'member removed');
    await announce(c.get('log'), { campaignId, userId: target, name: removed.name, role: removed.role, change: 'removed' });
    return c.body(null, 204);
  });

  return app;
}
