/**
 * Issue 4, scenario 1: the GM creates a campaign and invites; a player accepts in a second
 * browser context. Also: the empty state, joining through Telegram's start_param path, roles, and
 * the accessibility check on the campaign list and campaign view.
 */
import { expect, test } from '@playwright/test';
import {
  acceptInvite,
  createCampaign,
  createInvite,
  expectNoSeriousA11yViolations,
  inviteCode,
  screenshot,
  signIn,
} from '../support/client';

test('GM creates a campaign and invites; the player accepts', async ({ browser, baseURL }, testInfo) => {
  const gm = await signIn(browser, baseURL ?? '', 'Gwen the GM');
  await expect(gm.page.getByText('No campaigns yet.')).toBeVisible();
  await screenshot(gm.page, testInfo, 'campaigns-empty');

  const campaign = await createCampaign(gm.page, 'The Sunless Citadel');
  await expect(gm.page.getByText('Your role: Game master')).toBeVisible();
  await expect(gm.page.getByRole('status')).toBeVisible();
  await expectNoSeriousA11yViolations(gm.page, testInfo, 'campaign-view');
  await screenshot(gm.page, testInfo, 'campaign-view-gm');

  const inviteUrl = await createInvite(gm.page, campaign.id, 'player');
  await expect(gm.page.getByRole('button', { name: 'Copy link' })).toBeVisible();
  await screenshot(gm.page, testInfo, 'campaign-invite');

  const player = await signIn(browser, baseURL ?? '', 'Pip the Player');
  await acceptInvite(player.page, inviteUrl, 'The Sunless Citadel');
  await expect(player.page.getByText('Your role: Player')).toBeVisible();
  // The invite tab is the GM's only.
  const sections = player.page.getByRole('navigation', { name: 'Campaign sections' });
  await expect(sections.getByRole('link', { name: 'Invite' })).toHaveCount(0);
  await player.page.goto(`/campaigns/${campaign.id}/invite`);
  await expect(player.page.getByText('This section is not available with your role.')).toBeVisible();

  await player.page.getByRole('link', { name: 'All campaigns' }).click();
  const list = player.page.getByRole('list', { name: 'Campaigns' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list).toContainText('The Sunless Citadel');
  await expect(list).toContainText('Role: Player');
  await expectNoSeriousA11yViolations(player.page, testInfo, 'campaign-list');
  await screenshot(player.page, testInfo, 'campaign-list-player');

  await gm.page.goto('/');
  await expect(gm.page.getByRole('list', { name: 'Campaigns' })).toContainText('Role: Game master');

  await gm.context.close();
  await player.context.close();
});

test('a Telegram start_param opens the invite flow after sign-in', async ({ browser, baseURL }) => {
  const gm = await signIn(browser, baseURL ?? '', 'Grim the GM');
  const campaign = await createCampaign(gm.page, 'Tomb of Annihilation');
  const code = inviteCode(await createInvite(gm.page, campaign.id, 'viewer'));

  const viewer = await signIn(browser, baseURL ?? '', 'Vera the Viewer', `/?tgWebAppStartParam=${code}`);
  await expect(viewer.page.getByRole('heading', { level: 1, name: 'Tomb of Annihilation' })).toBeVisible();
  await expect(viewer.page.getByText('Your role: Viewer')).toBeVisible();
  expect(new URL(viewer.page.url()).search).toBe('');

  await gm.context.close();
  await viewer.context.close();
});

test('an unknown invite code says so', async ({ browser, baseURL }) => {
  const user = await signIn(browser, baseURL ?? '', 'Lost Soul');
  await user.page.goto('/join/AAAAAAAAAAAAAAAAAAAAAA');
  await expect(user.page.getByRole('alert')).toContainText('This invite does not exist.');
  await user.context.close();
});

test('a token the server rejects leads back to sign-in, keeping local data', async ({ browser, baseURL }) => {
  const user = await signIn(browser, baseURL ?? '', 'Tamsin Token');
  const campaign = await createCampaign(user.page, 'Storm King’s Thunder');
  await expect(user.page.getByRole('status')).toHaveText('All changes saved to the server');

  // The relay no longer accepts the stored token (e.g. keys rotated): the next API call gets 401.
  await user.page.evaluate(() => {
    const stored = JSON.parse(localStorage.getItem('rpg-bot.session') ?? '{}') as Record<string, unknown>;
    localStorage.setItem('rpg-bot.session', JSON.stringify({ ...stored, token: 'not-a-valid-token' }));
  });
  await user.page.goto('/');
  await expect(user.page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(user.page.getByText('Your session has ended.')).toBeVisible();

  const local = await user.page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name));
  expect(local).toContain('rpg-bot');
  const cachedLists = await user.page.evaluate(() =>
    Object.keys(localStorage)
      .filter((key) => key.startsWith('rpg-bot.campaigns.'))
      .map((key) => localStorage.getItem(key) ?? ''),
  );
  expect(cachedLists.join('\n')).toContain(campaign.id);
  await user.context.close();
});
