import { validators } from '@rpg-bot/contracts';
import type { Campaign, Invite } from '@rpg-bot/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootRelay, testBackends } from '../testing/relay-test-stack';
import { CampaignStore } from './campaign-store';
import type { ApiResponse, RelayUnderTest } from '../testing/relay-test-stack';

function parsed<T>(validate: (input: unknown) => { ok: true; value: T } | { ok: false; issues: unknown }, response: ApiResponse): T {
  const result = validate(response.json);
  if (!result.ok) throw new Error(`unexpected body (${response.status}): ${JSON.stringify(response.json)}`);
  return result.value;
}

function expectError(response: ApiResponse, status: number, code: string): void {
  expect(response.status, JSON.stringify(response.json)).toBe(status);
  expect(parsed(validators.errorBody, response).error.code).toBe(code);
}

// Shorter than the session TTL (900 s), so tokens survive moving the clock past an invite's expiry.
const INVITE_TTL_SECONDS = 600;

describe.each(testBackends('relay/campaigns'))('campaign routes on $name', (backend) => {
  let relay: RelayUnderTest;
  beforeAll(async () => {
    relay = await bootRelay(backend, { AUTH_DEV_LOGIN: '1', INVITE_TTL_SECONDS: String(INVITE_TTL_SECONDS) });
  });
  afterAll(async () => {
    await relay.close();
  });

  const signIn = async (name: string) => {
    const session = parsed(validators.session, await relay.call('POST', '/v1/auth/dev', { body: { name } }));
    return { id: session.user.id, token: session.token };
  };
  const createCampaign = async (token: string, title = 'The Sunless Citadel') => {
    const response = await relay.call('POST', '/v1/campaigns', { token, body: { title } });
    expect(response.status).toBe(201);
    return parsed(validators.campaign, response);
  };
  const invite = async (token: string, campaignId: string, role: 'player' | 'viewer'): Promise<Invite> => {
    const response = await relay.call('POST', `/v1/campaigns/${campaignId}/invites`, { token, body: { role } });
    expect(response.status, JSON.stringify(response.json)).toBe(201);
    return parsed(validators.invite, response);
  };
  const list = async (token: string): Promise<Campaign[]> =>
    parsed(validators.campaignList, await relay.call('GET', '/v1/campaigns', { token })).campaigns;

  it('creates a campaign whose creator is GM with shared, GM and private docs, and lists it', async () => {
    const gm = await signIn('GM');
    const campaign = await createCampaign(gm.token);
    expect(campaign).toMatchObject({ title: 'The Sunless Citadel', role: 'gm', createdAt: new Date(relay.clock.now).toISOString() });
    const { shared, gm: gmDoc, private: own } = campaign.docs;
    expect(new Set([shared, gmDoc, own]).size).toBe(3);
    expect(await list(gm.token)).toEqual([campaign]);
    const stranger = await signIn('Stranger');
    expect(await list(stranger.token)).toEqual([]);
  });

  it('lets a second user join by invite as a player, who never sees the GM doc id', async () => {
    const gm = await signIn('GM');
    const campaign = await createCampaign(gm.token);
    const { code, url, expiresAt } = await invite(gm.token, campaign.id, 'player');
    expect(code).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(url).toBe(`${relay.stack.url.replace(/\/$/, '')}/invite/${code}`);
    expect(Date.parse(expiresAt)).toBe(relay.clock.now + INVITE_TTL_SECONDS * 1000);

    const player = await signIn('Player');
    const accepted = await relay.call('POST', `/v1/invites/${code}/accept`, { token: player.token });
    expect(accepted.status).toBe(200);
    const membership = parsed(validators.campaign, accepted);
    expect(membership.role).toBe('player');
    expect(membership.docs.shared).toBe(campaign.docs.shared);
    expect(membership.docs.gm).toBeUndefined();
    expect(membership.docs.private).not.toBe(campaign.docs.private);
    expect(JSON.stringify(await list(player.token))).not.toContain(campaign.docs.gm ?? 'missing');
    expect(await list(player.token)).toEqual([membership]);

    // Accepting again changes nothing; the invite stays usable by others (multi-use).
    expect(parsed(validators.campaign, await relay.call('POST', `/v1/invites/${code}/accept`, { token: player.token }))).toEqual(membership);
    const gmAgain = parsed(validators.campaign, await relay.call('POST', `/v1/invites/${code}/accept`, { token: gm.token }));
    expect(gmAgain.role).toBe('gm');
    const second = await signIn('Second player');
    expect(parsed(validators.campaign, await relay.call('POST', `/v1/invites/${code}/accept`, { token: second.token })).role).toBe('player');
    const { rows } = await relay.stack.db.query<{ accepted_count: number }>('SELECT accepted_count FROM invites WHERE code = $1', [code]);
    expect(rows).toEqual([{ accepted_count: 2 }]);
  });

  it('lets a viewer join with the shared and own private doc only', async () => {
    const gm = await signIn('GM');
    const campaign = await createCampaign(gm.token);
    const { code } = await invite(gm.token, campaign.id, 'viewer');
    const viewer = await signIn('Viewer');
    const membership = parsed(validators.campaign, await relay.call('POST', `/v1/invites/${code}/accept`, { token: viewer.token }));
    expect(membership.role).toBe('viewer');
    expect(Object.keys(membership.docs).sort()).toEqual(['private', 'shared']);
  });

  it('refuses revoked, expired and unknown invites', async () => {
    const gm = await signIn('GM');
    const campaign = await createCampaign(gm.token);
    const revoked = await invite(gm.token, campaign.id, 'player');
    const revoke = await relay.call('DELETE', `/v1/campaigns/${campaign.id}/invites/${revoked.code}`, { token: gm.token });
    expect(revoke.status).toBe(204);
    const late = await signIn('Late');
    const refused = await relay.call('POST', `/v1/invites/${revoked.code}/accept`, { token: late.token });
    expectError(refused, 403, 'forbidden');
    expect(refused.json).toMatchObject({ error: { details: { reason: 'invite_revoked' } } });

    const expiring = await invite(gm.token, campaign.id, 'player');
    relay.clock.now += INVITE_TTL_SECONDS * 1000;
    const fresh = await signIn('Fresh');
    const expired = await relay.call('POST', `/v1/invites/${expiring.code}/accept`, { token: fresh.token });
    expectError(expired, 403, 'forbidden');
    expect(expired.json).toMatchObject({ error: { details: { reason: 'invite_expired' } } });

    expectError(await relay.call('POST', '/v1/invites/AAAAAAAAAAAAAAAAAAAAAA/accept', { token: fresh.token }), 404, 'not_found');
    expectError(await relay.call('DELETE', `/v1/campaigns/${campaign.id}/invites/${'B'.repeat(22)}`, { token: gm.token }), 404, 'not_found');
    expectError(await relay.call('DELETE', `/v1/campaigns/${campaign.id}/invites/nope`, { token: gm.token }), 400, 'bad_request');
    expect(await list(late.token)).toEqual([]);
  });

  it('lets only the GM invite, revoke and remove members; a GM cannot remove themself', async () => {
    const gm = await signIn('GM');
    const campaign = await createCampaign(gm.token);
    const { code } = await invite(gm.token, campaign.id, 'player');
    const player = await signIn('Player');
    await relay.call('POST', `/v1/invites/${code}/accept`, { token: player.token });
    const outsider = await signIn('Outsider');

    expectError(await relay.call('POST', `/v1/campaigns/${campaign.id}/invites`, { token: player.token, body: { role: 'viewer' } }), 403, 'forbidden');
    expectError(await relay.call('DELETE', `/v1/campaigns/${campaign.id}/invites/${code}`, { token: player.token }), 403, 'forbidden');
    expectError(await relay.call('DELETE', `/v1/campaigns/${campaign.id}/members/${gm.id}`, { token: player.token }), 403, 'forbidden');
    expectError(await relay.call('POST', `/v1/campaigns/${campaign.id}/invites`, { token: outsider.token, body: { role: 'viewer' } }), 404, 'not_found');
    expectError(await relay.call('DELETE', `/v1/campaigns/${campaign.id}/members/${gm.id}`, { token: gm.token }), 409, 'conflict');
    expectError(await relay.call('DELETE', `/v1/campaigns/${campaign.id}/members/${outsider.id}`, { token: gm.token }), 404, 'not_found');

    const removed = await relay.call('DELETE', `/v1/campaigns/${campaign.id}/members/${encodeURIComponent(player.id)}`, { token: gm.token });
    expect(removed.status).toBe(204);
    expect(await list(player.token)).toEqual([]);
    expect((await list(gm.token)).map((c) => c.id)).toEqual([campaign.id]);
  });

  it('answers doc access by doc id for members, removed members and strangers', async () => {
    const store = new CampaignStore(relay.stack.db, () => relay.clock.now);
    const gm = await signIn('GM');
    const campaign = await createCampaign(gm.token);
    const viewerInvite = await invite(gm.token, campaign.id, 'viewer');
    const playerInvite = await invite(gm.token, campaign.id, 'player');
    const viewer = await signIn('Viewer');
    const player = await signIn('Player');
    await relay.call('POST', `/v1/invites/${viewerInvite.code}/accept`, { token: viewer.token });
    const joined = parsed(validators.campaign, await relay.call('POST', `/v1/invites/${playerInvite.code}/accept`, { token: player.token }));
    const gmDoc = campaign.docs.gm ?? '';
    expect(await store.docAccessFor(campaign.docs.shared, gm.id)).toBe('write');
    expect(await store.docAccessFor(gmDoc, gm.id)).toBe('write');
    expect(await store.docAccessFor(gmDoc, player.id)).toBe('none');
    expect(await store.docAccessFor(campaign.docs.shared, viewer.id)).toBe('read');
    expect(await store.docAccessFor(joined.docs.private, player.id)).toBe('write');
    expect(await store.docAccessFor(joined.docs.private, gm.id)).toBe('none');
    expect(await store.docAccessFor('no-such-doc', gm.id)).toBe('none');
    await relay.call('DELETE', `/v1/campaigns/${campaign.id}/members/${encodeURIComponent(player.id)}`, { token: gm.token });
    expect(await store.docAccessFor(campaign.docs.shared, player.id)).toBe('none');
    expect(await store.docAccessFor(joined.docs.private, player.id)).toBe('none');
  });

  it('rejects bad bodies with 400 and unauthenticated calls with 401', async () => {
    const gm = await signIn('GM');
    expectError(await relay.call('POST', '/v1/campaigns', { token: gm.token, body: { title: '' } }), 400, 'validation_failed');
    expectError(await relay.call('POST', '/v1/campaigns', { token: gm.token, body: { title: 'x'.repeat(121) } }), 400, 'validation_failed');
    expectError(await relay.call('POST', '/v1/campaigns', { token: gm.token, rawBody: 'not json' }), 400, 'bad_request');
    const campaign = await createCampaign(gm.token, 'x'.repeat(120));
    expectError(await relay.call('POST', `/v1/campaigns/${campaign.id}/invites`, { token: gm.token, body: { role: 'gm' } }), 400, 'validation_failed');
    expectError(await relay.call('POST', '/v1/campaigns', { body: { title: 'No token' } }), 401, 'unauthorized');
    expectError(await relay.call('POST', `/v1/invites/whatever/accept`), 401, 'unauthorized');
  });
});
