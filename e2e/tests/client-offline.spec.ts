/**
 * Offline start and issue 4, scenario 3: after one online visit the app cold-starts from the
 * service worker with no network; a player's offline edits survive a reload and reach the GM once
 * the connection is back, and the status line never claims "saved" before the relay's ack.
 */
import { expect, test } from '@playwright/test';
import {
  campaignWithPlayer,
  createCampaign,
  openCampaignTab,
  screenshot,
  signIn,
  syncStatus,
  waitForServiceWorker,
  waitUntilSavedOnDevice,
} from '../support/client';
import { createCampaignByApi, joinByApi } from '../support/features';

test('after one online visit the app cold-starts offline with the campaign list', async ({ browser, baseURL }, testInfo) => {
  const gm = await signIn(browser, baseURL ?? '', 'Olga Offline');
  await createCampaign(gm.page, 'Curse of Strahd');
  await gm.page.goto('/');
  await expect(gm.page.getByRole('list', { name: 'Campaigns' })).toContainText('Curse of Strahd');
  await waitForServiceWorker(gm.page);

  await gm.context.setOffline(true);
  await gm.page.reload();
  await expect(gm.page.getByRole('heading', { level: 1, name: 'Your campaigns' })).toBeVisible();
  await expect(gm.page.getByRole('list', { name: 'Campaigns' })).toContainText('Curse of Strahd');
  await expect(gm.page.getByText('Offline — showing the campaigns saved on this device.')).toBeVisible();
  await screenshot(gm.page, testInfo, 'campaigns-offline');

  // A campaign view opens offline too, from the device.
  await gm.page.getByRole('link', { name: 'Curse of Strahd' }).click();
  await expect(gm.page.getByRole('heading', { level: 1, name: 'Curse of Strahd' })).toBeVisible();
  await expect(syncStatus(gm.page)).toContainText('Offline');

  await gm.context.setOffline(false);
  await gm.context.close();
});

test('offline edits survive a reload and reach the GM when back online', async ({ browser, baseURL }, testInfo) => {
  const { gm, player, campaign } = await campaignWithPlayer(browser, baseURL ?? '', {
    gm: 'Gareth GM',
    player: 'Penny Player',
    title: 'Lost Mine of Phandelver',
  });
  await openCampaignTab(gm.page, campaign.id, 'notes');
  await openCampaignTab(player.page, campaign.id, 'notes');
  const playerNotes = player.page.getByRole('textbox', { name: 'Shared notes' });
  const gmNotes = gm.page.getByRole('textbox', { name: 'Shared notes' });
  await expect(playerNotes).toBeVisible();
  await expect(syncStatus(player.page)).toHaveText('All changes saved to the server');
  await waitForServiceWorker(player.page);

  await player.context.setOffline(true);
  await expect(syncStatus(player.page)).toContainText('Offline');
  await playerNotes.click();
  await player.page.keyboard.type('Written in the cellar without signal.');
  // One sentence is one change to a person, however many updates the editor made of it.
  await expect(syncStatus(player.page)).toContainText('1 change waiting to upload');
  await waitUntilSavedOnDevice(player.page);

  // Reload with no network: the service worker serves the app, IndexedDB the edits.
  await player.page.reload();
  await expect(player.page.getByRole('textbox', { name: 'Shared notes' })).toContainText('Written in the cellar without signal.');
  await expect(syncStatus(player.page)).toContainText('1 change waiting to upload');
  await screenshot(player.page, testInfo, 'notes-offline-pending');
  // The pending count as a person reads it ("1 change waiting to upload"), at phone and desktop sizes.
  for (const colorScheme of ['light', 'dark'] as const) {
    await player.page.emulateMedia({ colorScheme });
    for (const [name, viewport] of [['phone', { width: 390, height: 844 }], ['desktop', { width: 1280, height: 800 }]] as const) {
      await player.page.setViewportSize(viewport);
      await player.page.screenshot({ path: testInfo.outputPath(`notes-offline-pending-${name}-${colorScheme}.png`) });
    }
  }
  await player.page.emulateMedia({ colorScheme: 'light' });

  await player.context.setOffline(false);
  await expect(syncStatus(player.page)).toHaveText('All changes saved to the server');
  await expect(gmNotes).toContainText('Written in the cellar without signal.');
  await screenshot(gm.page, testInfo, 'notes-gm-sees-offline-edit');

  await gm.context.close();
  await player.context.close();
});

test('an edit typed right before a reload is kept and reaches the server', async ({ browser, baseURL }) => {
  const gm = await signIn(browser, baseURL ?? '', 'Rita Reload');
  const campaign = await createCampaignByApi(baseURL ?? '', gm, 'The Sunless Citadel');
  let expected = '';
  for (let round = 1; round <= 5; round += 1) {
    await openCampaignTab(gm.page, campaign.id, 'notes');
    const notes = gm.page.getByRole('textbox', { name: 'Shared notes' });
    await expect(syncStatus(gm.page)).toHaveText('All changes saved to the server');
    await notes.click();
    await gm.page.keyboard.press('ControlOrMeta+End');
    const words = `Note ${String(round)}. `;
    await gm.page.keyboard.type(words);
    expected += words;
    // No waiting at all: the reload aborts IndexedDB writes still in flight; the page stashed them.
    await gm.page.reload();
    await expect(gm.page.getByRole('textbox', { name: 'Shared notes' })).toHaveText(expected.trimEnd());
  }
  await expect(syncStatus(gm.page)).toHaveText('All changes saved to the server');

  // The server has every word: a second device signed in as someone else in the campaign sees them.
  const other = await signIn(browser, baseURL ?? '', 'Otto Other');
  try {
    await joinByApi(baseURL ?? '', campaign, gm, other, 'player');
    await openCampaignTab(other.page, campaign.id, 'notes');
    await expect(other.page.getByRole('textbox', { name: 'Shared notes' })).toHaveText(expected.trimEnd());
  } finally {
    await other.context.close();
    await gm.context.close();
  }
});
