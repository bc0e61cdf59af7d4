// The campaign routes' membership hook: called once per real change, after the commit, with the
// member's name and role; a failing hook is logged and does not fail the request.
import { createTokenService, generateSigningKeys } from '@rpg-bot/auth';
import { loadConfig } from '@rpg-bot/config';
import { validators } from '@rpg-bot/contracts';
import { runMigrations } from '@rpg-bot/db';
import { createTestPgliteDatabase } from '@rpg-bot/db/testing';
import type { TestDatabase } from '@rpg-bot/db/testing';
import { createHttpApp } from '@rpg-bot/http';
import { createLogCapture, createLogger, createMetrics } from '@rpg-bot/observability';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerAuth, UserStore } from '../auth';
import { relayMigrations } from '../migrations';
import { campaignRoutes } from './campaign-routes';
import type { MembershipChange } from './campaign-routes';
import { CampaignStore } from './campaign-store';

describe('campaign routes: onMembershipChanged', () => {
  let test: TestDatabase | undefined;
  const changes: { change: MembershipChange; memberNow: boolean }[] = [];
  const logs = createLogCapture();
  let failNext = false;
  let request: (method: string, path: string, token: string, body?: unknown) => Promise<{ status: number; json: unknown }>;
  let tokens: Record<'gm' | 'ann', string> = { gm: '', ann: '' };

  beforeAll(async () => {
    test = await createTestPgliteDatabase();
    const { db } = test;
    await runMigrations(db, relayMigrations);
    const clock = () => Date.parse('2026-12-01T12:00:00.000Z');
    const users = new UserStore(db, clock);
    const tokenService = createTokenService({ keys: await generateSigningKeys(), issuer: 'test', audience: 'test', ttlSeconds: 900, now: clock });
    const store = new CampaignStore(db, clock);
    const app = createHttpApp({
      config: { bodyLimitBytes: 65_536, corsOrigins: [], rateLimitEnabled: false, rateLimitPerSecond: 1, rateLimitBurst: 1, trustProxy: false },
      logger: createLogger({ level: 'debug', destination: logs.destination }),
      metrics: createMetrics(),
      readiness: () => Promise.reject(new Error('not used')),
      clock,
    });
    app.route(
      '/',
      campaignRoutes({
        store,
        settings: loadConfig({}),
        auth: bearerAuth(tokenService, users),
        onMembershipChanged: async (change) => {
          // The change is committed before the hook runs.
          changes.push({ change, memberNow: (await store.roleOf(change.campaignId, change.userId)) !== undefined });
          if (failNext) {
            failNext = false;
            throw new Error('hook broke');
          }
        },
      }),
    );
    // Telegram-style ids: the members route refuses ids that have no user id format.
    for (const [key, id, name] of [['gm', '1001', 'Gemma'], ['ann', '1002', 'Ann']] as const) {
      await users.upsert({ id, name });
      tokens = { ...tokens, [key]: (await tokenService.issue({ userId: id, name })).token };
    }
    request = async (method, path, token, body) => {
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await app.request(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      const text = await response.text();
      return { status: response.status, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
    };
  });
  afterAll(async () => {
    await test?.cleanup();
  });

  it('reports a join once, a removal after it, and survives a failing hook', async () => {
    const campaign = validators.campaign((await request('POST', '/v1/campaigns', tokens.gm, { title: 'Hooks' })).json);
    if (!campaign.ok) throw new Error('no campaign');
    const id = campaign.value.id;
    const invite = validators.invite((await request('POST', `/v1/campaigns/${id}/invites`, tokens.gm, { role: 'viewer' })).json);
    if (!invite.ok) throw new Error('no invite');
    expect((await request('POST', `/v1/invites/${invite.value.code}/accept`, tokens.ann)).status).toBe(200);
    // Accepting again, as a member, changes nothing and reports nothing.
    expect((await request('POST', `/v1/invites/${invite.value.code}/accept`, tokens.ann)).status).toBe(200);
    // The GM's own link: already a member.
    expect((await request('POST', `/v1/invites/${invite.value.code}/accept`, tokens.gm)).status).toBe(200);
    failNext = true;
    expect((await request('DELETE', `/v1/campaigns/${id}/members/1002`, tokens.gm)).status).toBe(204);
    expect(changes).toEqual([
      { change: { campaignId: id, userId: '1002', name: 'Ann', role: 'viewer', change: 'joined' }, memberNow: true },
      { change: { campaignId: id, userId: '1002', name: 'Ann', role: 'viewer', change: 'removed' }, memberNow: false },
    ]);
    expect(logs.text()).toContain('membership change hook failed');
  });
});
