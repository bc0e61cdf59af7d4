import { describe, expect, it } from 'vitest';
import { validators } from './validators';
import { campaignRoles, hasRole, isCampaignRole } from './roles';

describe('campaign roles', () => {
  it('rank gm > player > viewer, and a non-member has no role', () => {
    expect(hasRole('gm', 'gm')).toBe(true);
    expect(hasRole('gm', 'viewer')).toBe(true);
    expect(hasRole('player', 'player')).toBe(true);
    expect(hasRole('player', 'gm')).toBe(false);
    expect(hasRole('viewer', 'player')).toBe(false);
    expect(hasRole('viewer', 'viewer')).toBe(true);
    expect(hasRole(null, 'viewer')).toBe(false);
    expect(hasRole(undefined, 'viewer')).toBe(false);
  });

  it('list exactly the roles the campaign schema allows', () => {
    const campaign = (role: string) => ({
      id: 'c1',
      title: 'T',
      role,
      createdAt: '2026-12-07T00:00:00.000Z',
      docs: { shared: 'a', gm: 'b', private: 'c' },
    });
    for (const role of campaignRoles) expect(isCampaignRole(role)).toBe(true);
    expect(isCampaignRole('admin')).toBe(false);
    expect(isCampaignRole('toString')).toBe(false);
    expect(isCampaignRole(2)).toBe(false);
    // The schema is the source of truth: every listed role passes it, and an unlisted one fails.
    for (const role of campaignRoles) expect(validators.campaign(campaign(role)).ok, role).toBe(true);
    expect(validators.campaign(campaign('admin')).ok).toBe(false);
  });
});
