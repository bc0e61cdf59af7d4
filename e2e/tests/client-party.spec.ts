/**
 * Issue 4, scenario 6: a dice roll made by one member appears for everyone with the same result
 * (the relay rolls), next to chat and the GM's notices; a viewer reads but cannot post. Axe runs
 * on the party screen.
 */
import { expect, test } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { expectNoSeriousA11yViolations, openCampaignTab, screenshot, signIn } from '../support/client';
import { createCampaignByApi, joinByApi, uniqueName } from '../support/features';

function feed(page: Page): Locator {
  return page.getByRole('log', { name: 'Party feed' });
}

test('a dice roll appears for everyone with the same result (scenario 6)', async ({ browser, baseURL }, testInfo) => {
  test.setTimeout(120_000);
  if (baseURL === undefined) throw new Error('baseURL is configured in playwright.config.ts');
  const gm = await signIn(browser, baseURL, uniqueName('GM Gus'));
  const player = await signIn(browser, baseURL, uniqueName('Player Pia'));
  const viewer = await signIn(browser, baseURL, uniqueName('Viewer Vic'));
  try {
    const campaign = await createCampaignByApi(baseURL, gm, 'Dice Night');
    await joinByApi(baseURL, campaign, gm, player, 'player');
    await joinByApi(baseURL, campaign, gm, viewer, 'viewer');
    for (const member of [gm, player, viewer]) await openCampaignTab(member.page, campaign.id, 'party');

    // Membership events from the relay replay for everyone.
    await expect(feed(gm.page)).toContainText(`${player.name} joined the campaign as player`);

    await player.page.getByLabel('Message to the party').fill('Ready when you are!');
    await player.page.getByRole('button', { name: 'Send' }).click();

    await player.page.getByLabel('Dice expression').fill('4d6kh3+2');
    await player.page.getByLabel('What for? (optional)').fill('Strength');
    await player.page.getByRole('button', { name: 'Roll', exact: true }).click();
    await gm.page.getByRole('radio', { name: 'Advantage', exact: true }).check();
    await gm.page.getByRole('button', { name: 'Roll d20' }).click();
    await gm.page.getByLabel('Notice to the party').fill('Break in ten minutes.');
    await gm.page.getByRole('button', { name: 'Post notice' }).click();

    const rollOf = (page: Page, text: string) => feed(page).getByRole('listitem').filter({ hasText: text });
    const playerRoll = `${player.name} rolled 4d6kh3+2 for Strength`;
    const gmRoll = `${gm.name} rolled 1d20 (with advantage)`;
    for (const member of [gm, player, viewer]) {
      await expect(feed(member.page)).toContainText('Ready when you are!');
      await expect(rollOf(member.page, playerRoll)).toContainText(/Total \d+/);
      await expect(rollOf(member.page, gmRoll)).toContainText(/Total \d+/);
      await expect(feed(member.page)).toContainText('Break in ten minutes.');
    }
    // Same dice, same kept dice, same total on every screen.
    for (const title of [playerRoll, gmRoll]) {
      const seen = await Promise.all([gm, player, viewer].map((member) => rollOf(member.page, title).innerText()));
      expect(new Set(seen).size).toBe(1);
    }
    // 4d6kh3: four dice shown, one of them marked as dropped.
    await expect(rollOf(player.page, playerRoll).getByText('dropped')).toHaveCount(1);

    // Viewers read only.
    await expect(viewer.page.getByText('Viewers can follow the party feed but cannot post or roll.')).toBeVisible();
    await expect(viewer.page.getByLabel('Message to the party')).toHaveCount(0);
    // Only the GM has the notice composer.
    await expect(player.page.getByLabel('Notice to the party')).toHaveCount(0);

    // History replays on open: a reload shows the same feed.
    await player.page.reload();
    const before = await rollOf(gm.page, playerRoll).innerText();
    await expect.poll(() => rollOf(player.page, playerRoll).innerText()).toBe(before);

    await screenshot(player.page, testInfo, 'party-player');
    await screenshot(gm.page, testInfo, 'party-gm');
    await expectNoSeriousA11yViolations(player.page, testInfo, 'party-player');
    await expectNoSeriousA11yViolations(gm.page, testInfo, 'party-gm');
  } finally {
    await Promise.all([gm.context.close(), player.context.close(), viewer.context.close()]);
  }
});

test('a chat message written offline waits as "sending…" and is delivered once back online', async ({ browser, baseURL }, testInfo) => {
  test.setTimeout(120_000);
  if (baseURL === undefined) throw new Error('baseURL is configured in playwright.config.ts');
  const gm = await signIn(browser, baseURL, uniqueName('GM Ode'));
  const player = await signIn(browser, baseURL, uniqueName('Player Oli'));
  try {
    const campaign = await createCampaignByApi(baseURL, gm, 'Offline Tavern');
    await joinByApi(baseURL, campaign, gm, player, 'player');
    await openCampaignTab(gm.page, campaign.id, 'party');
    await openCampaignTab(player.page, campaign.id, 'party');
    await expect(feed(player.page)).toBeVisible();

    await player.context.setOffline(true);
    await expect(player.page.getByText(/^Offline — /).first()).toBeVisible();
    await player.page.getByLabel('Message to the party').fill('Written in the cellar, no signal.');
    await player.page.getByRole('button', { name: 'Send' }).click();
    const mine = feed(player.page).getByRole('listitem').filter({ hasText: 'Written in the cellar, no signal.' });
    await expect(mine).toContainText('sending…');
    await screenshot(player.page, testInfo, 'party-offline-pending');
    await expect(feed(gm.page)).not.toContainText('Written in the cellar');

    await player.context.setOffline(false);
    await expect(feed(gm.page).getByRole('listitem').filter({ hasText: 'Written in the cellar, no signal.' })).toHaveCount(1);
    await expect(mine).not.toContainText('sending…');
    await expect(mine).toHaveCount(1);
  } finally {
    await Promise.all([gm.context.close(), player.context.close()]);
  }
});
