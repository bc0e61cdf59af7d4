/**
 * Issue 9, the client's "Media" feature in a real browser against the real server (default offline
 * providers: DiceBear portraits, espeak-ng narration): a portrait lands on the character sheet and
 * in the party feed, a narration of selected notes plays; and the same asked offline waits on the
 * device ("Queued on this device"), survives a reload, is sent once online, and then shows offline.
 */
import { expect, test } from '@playwright/test';
import type { Locator, Page, TestInfo } from '@playwright/test';
import { createCampaign, expectNoSeriousA11yViolations, openCampaignTab, signIn, waitForServiceWorker } from '../support/client';
import { notesEditor, sessionToken, uniqueName } from '../support/features';

/** The natural size of a loaded image (0×0 while it has not decoded). */
async function imageSize(image: Locator): Promise<{ width: number; height: number }> {
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth > 0)).toBe(true);
  return image.evaluate((element: HTMLImageElement) => ({ width: element.naturalWidth, height: element.naturalHeight }));
}

/** Loads an audio element's metadata and returns its duration in seconds (the WAV decoded in Chromium). */
async function audioDuration(audio: Locator): Promise<number> {
  await expect(audio).toBeAttached();
  return audio.evaluate(
    (element: HTMLAudioElement) =>
      new Promise<number>((resolve, reject) => {
        if (element.readyState >= 1) resolve(element.duration);
        element.addEventListener('loadedmetadata', () => {
          resolve(element.duration);
        });
        element.addEventListener('error', () => {
          reject(new Error(`audio error ${String(element.error?.code)}`));
        });
        element.load();
      }),
  );
}

async function shots(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const [size, viewport] of [
      ['phone', { width: 390, height: 844 }],
      ['desktop', { width: 1280, height: 800 }],
    ] as const) {
      await page.setViewportSize(viewport);
      await page.screenshot({ path: testInfo.outputPath(`${name}-${size}-${colorScheme}.png`), fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 720 });
}

test('a portrait lands on the sheet and in the party feed, and a narration of selected notes plays', async ({ browser, baseURL }, testInfo) => {
  test.setTimeout(90_000);
  const gm = await signIn(browser, baseURL ?? '', uniqueName('Mira GM'));
  const campaign = await createCampaign(gm.page, 'Storm King’s Thunder');

  await openCampaignTab(gm.page, campaign.id, 'characters');
  await gm.page.getByLabel('New character’s name').fill('Elara Moonwhisper');
  await gm.page.getByRole('button', { name: 'Create character' }).click();
  const sheet = gm.page.getByRole('article', { name: 'Character sheet of Elara Moonwhisper' });
  await expect(sheet.getByText('No portrait yet.')).toBeVisible();
  await sheet.getByRole('button', { name: 'Make portrait' }).click();
  const portrait = sheet.getByRole('img', { name: 'Portrait' });
  expect(await imageSize(portrait)).toEqual({ width: 256, height: 256 });
  await expect(sheet.getByRole('button', { name: 'New portrait' })).toBeVisible();
  // The list shows it too, as a thumbnail beside the name.
  await expect(gm.page.getByRole('button', { name: /Elara Moonwhisper/ }).locator('img')).toBeVisible();

  // The party sees it in the feed.
  await openCampaignTab(gm.page, campaign.id, 'party');
  const feed = gm.page.getByRole('log', { name: 'Party feed' });
  await expect(feed).toContainText('made a portrait of Elara Moonwhisper');
  expect(await imageSize(feed.getByRole('img', { name: 'Elara Moonwhisper' }))).toEqual({ width: 256, height: 256 });

  // Narrate a selection of the shared notes.
  await openCampaignTab(gm.page, campaign.id, 'notes');
  const editor = notesEditor(gm.page);
  await editor.click();
  await gm.page.keyboard.type('The door creaks open, and the torchlight dies.');
  const narrate = gm.page.getByRole('button', { name: 'Narrate selection' });
  await expect(narrate).toBeDisabled();
  await gm.page.keyboard.press('ControlOrMeta+a');
  await expect(narrate).toBeEnabled();
  await narrate.click();
  const narration = gm.page.getByRole('listitem').filter({ hasText: 'The door creaks open' }).locator('audio');
  const seconds = await audioDuration(narration);
  expect(seconds).toBeGreaterThan(1);
  expect(seconds).toBeLessThan(10);

  // The library lists both, ready, with their licences.
  await openCampaignTab(gm.page, campaign.id, 'media');
  const library = gm.page.getByRole('list').filter({ has: gm.page.getByRole('listitem', { name: /Portrait: Elara/ }) });
  await expect(library.getByRole('listitem', { name: /Portrait: Elara Moonwhisper/ })).toContainText('Ready');
  await expect(library.getByRole('listitem', { name: /Narration: The door creaks/ })).toContainText('Ready');
  await expect(library.getByRole('listitem', { name: /Narration/ })).toContainText('GPL');

  // Scene art from the Media tab.
  await gm.page.getByRole('radio', { name: 'Scene art' }).check();
  await gm.page.getByLabel('Scene or place').fill('A misty harbour town at dusk');
  await gm.page.getByRole('button', { name: 'Illustrate' }).click();
  const scene = gm.page.getByRole('listitem', { name: /Scene art: A misty harbour/ });
  await expect(scene).toContainText('Ready');
  expect(await imageSize(scene.getByRole('img'))).toEqual({ width: 768, height: 512 });
  await expect(scene).toContainText('procedural');
  await expectNoSeriousA11yViolations(gm.page, testInfo, 'media');
  await shots(gm.page, testInfo, 'media-library');

  // Exactly one job per request reached the server.
  const token = await sessionToken(gm.page);
  const list = (await (
    await gm.page.request.get(`/v1/jobs?campaignId=${encodeURIComponent(campaign.id)}`, { headers: { authorization: `Bearer ${token}` } })
  ).json()) as { jobs: { type: string; status: string }[] };
  expect(list.jobs.map((job) => job.type).sort()).toEqual(['avatar', 'img', 'tts']);
  await gm.context.close();
});

test('a portrait asked offline waits on the device, survives a reload, arrives online and then shows offline', async ({ browser, baseURL }, testInfo) => {
  test.setTimeout(90_000);
  const gm = await signIn(browser, baseURL ?? '', uniqueName('Odo Offline'));
  const campaign = await createCampaign(gm.page, 'Tomb of Annihilation');
  await openCampaignTab(gm.page, campaign.id, 'characters');
  await gm.page.getByLabel('New character’s name').fill('Bram Ironfoot');
  await gm.page.getByRole('button', { name: 'Create character' }).click();
  await expect(gm.page.getByRole('article', { name: 'Character sheet of Bram Ironfoot' })).toBeVisible();
  await openCampaignTab(gm.page, campaign.id, 'media');
  await expect(gm.page.getByText('No media yet.', { exact: false })).toBeVisible();
  await waitForServiceWorker(gm.page);

  await gm.context.setOffline(true);
  await gm.page.getByLabel('Character').selectOption({ label: 'Bram Ironfoot' });
  await gm.page.getByRole('button', { name: 'Make portrait' }).click();
  await expect(gm.page.getByRole('status').filter({ hasText: 'kept on this device' })).toBeVisible();
  const entry = gm.page.getByRole('listitem', { name: /Portrait: Bram Ironfoot/ });
  await expect(entry).toContainText('Queued on this device');
  await gm.page.getByRole('radio', { name: 'Narration' }).check();
  await gm.page.getByLabel('Text to narrate').fill('Rain drums on the jungle canopy.');
  await gm.page.getByRole('button', { name: 'Narrate' }).click();
  await expect(gm.page.getByRole('listitem', { name: /Narration: Rain drums/ })).toContainText('Queued on this device');
  await shots(gm.page, testInfo, 'media-offline-queued');

  // A reload with no network: the requests are still on the device.
  await gm.page.reload();
  await expect(gm.page.getByRole('listitem', { name: /Portrait: Bram Ironfoot/ })).toContainText('Queued on this device');
  await expect(gm.page.getByRole('listitem', { name: /Narration: Rain drums/ })).toContainText('Queued on this device');

  await gm.context.setOffline(false);
  const ready = gm.page.getByRole('listitem', { name: /Portrait: Bram Ironfoot/ });
  await expect(ready).toContainText('Ready', { timeout: 20_000 });
  expect(await imageSize(ready.getByRole('img'))).toEqual({ width: 256, height: 256 });
  await expect(gm.page.getByRole('listitem', { name: /Narration: Rain drums/ })).toContainText('Ready', { timeout: 20_000 });
  await audioDuration(gm.page.getByRole('listitem', { name: /Narration: Rain drums/ }).locator('audio'));
  // The portrait was attached to Bram's sheet.
  await openCampaignTab(gm.page, campaign.id, 'characters');
  await imageSize(gm.page.getByRole('article', { name: 'Character sheet of Bram Ironfoot' }).getByRole('img', { name: 'Portrait' }));

  // Offline again, after a reload: the results come from the device.
  await gm.context.setOffline(true);
  await gm.page.reload();
  expect(await imageSize(gm.page.getByRole('article', { name: 'Character sheet of Bram Ironfoot' }).getByRole('img', { name: 'Portrait' }))).toEqual({
    width: 256,
    height: 256,
  });
  await openCampaignTab(gm.page, campaign.id, 'media');
  await audioDuration(gm.page.getByRole('listitem', { name: /Narration: Rain drums/ }).locator('audio'));
  await shots(gm.page, testInfo, 'media-offline-cached');
  await gm.context.setOffline(false);

  // Sent once each, whatever the retries: one job per request.
  const token = await sessionToken(gm.page);
  const list = (await (
    await gm.page.request.get(`/v1/jobs?campaignId=${encodeURIComponent(campaign.id)}`, { headers: { authorization: `Bearer ${token}` } })
  ).json()) as { jobs: { type: string }[] };
  expect(list.jobs.map((job) => job.type).sort()).toEqual(['avatar', 'tts']);
  await gm.context.close();
});
