/**
 * Issue 4, scenarios 2, 4 and 5 in the real app: a GM and a player edit the shared notes together
 * and converge; a player can neither see nor open the GM secrets, and the GM doc never reaches the
 * player's IndexedDB; a late joiner gets the whole notes and their history. Also: characters,
 * screenshots of the campaign screens, and axe on notes and characters.
 */
import { expect, test } from '@playwright/test';
import type { Campaign } from '@rpg-bot/contracts';
import type { User } from '../support/client';
import { expectNoSeriousA11yViolations, openCampaignTab, screenshot, signIn, syncStatus } from '../support/client';
import {
  createCampaignByApi,
  editorText,
  indexedDbDump,
  joinByApi,
  notesEditor,
  typeAtEnd,
  typeAtStart,
  uniqueName,
} from '../support/features';

const saved = 'All changes saved to the server';

test.describe('campaign notes, together', () => {
  test.setTimeout(120_000);

  let gm: User;
  let player: User;
  let campaign: Campaign;
  /** The same campaign as the player sees it (their own private doc, no GM doc). */
  let playerCampaign: Campaign;

  test.beforeEach(async ({ browser, baseURL }) => {
    if (baseURL === undefined) throw new Error('baseURL is configured in playwright.config.ts');
    gm = await signIn(browser, baseURL, uniqueName('GM Greta'));
    player = await signIn(browser, baseURL, uniqueName('Player Pim'));
    campaign = await createCampaignByApi(baseURL, gm, 'The Sunken Keep');
    playerCampaign = await joinByApi(baseURL, campaign, gm, player, 'player');
  });

  test.afterEach(async () => {
    await gm.context.close();
    await player.context.close();
  });

  test('GM and player edit the shared notes at the same time and converge (scenario 2)', async () => {
    const testInfo = test.info();
    await openCampaignTab(gm.page, campaign.id, 'notes');
    await openCampaignTab(player.page, campaign.id, 'notes');
    const gmEditor = notesEditor(gm.page);
    const playerEditor = notesEditor(player.page);
    await expect(gmEditor).toBeVisible();
    await expect(playerEditor).toBeVisible();

    // Both see each other in the presence list once their awareness states crossed the relay.
    await expect(gm.page.getByRole('region', { name: 'Here now' }).getByText(player.name, { exact: true })).toBeVisible();
    await expect(player.page.getByRole('region', { name: 'Here now' }).getByText(gm.name, { exact: true })).toBeVisible();

    await typeAtEnd(gm.page, gmEditor, 'The keep lies under the lake.');
    await expect.poll(() => editorText(playerEditor)).toBe('The keep lies under the lake.');
    await typeAtEnd(player.page, playerEditor, ' Pim owes the ferryman.');
    await expect.poll(() => editorText(gmEditor)).toBe('The keep lies under the lake. Pim owes the ferryman.');
    // At the same time, at both ends of the text.
    await Promise.all([typeAtStart(gm.page, gmEditor, 'Bring torches. '), typeAtEnd(player.page, playerEditor, ' And rope!')]);

    const expected = 'Bring torches. The keep lies under the lake. Pim owes the ferryman. And rope!';
    await expect.poll(() => editorText(gmEditor)).toBe(expected);
    await expect.poll(() => editorText(playerEditor)).toBe(expected);
    await expect(syncStatus(gm.page).filter({ hasText: saved })).toBeVisible();

    await screenshot(gm.page, testInfo, 'notes-gm');
    await screenshot(player.page, testInfo, 'notes-player');
    await expectNoSeriousA11yViolations(player.page, testInfo, 'notes');
  });

  test('a player cannot open the GM secrets and never stores the GM doc (scenario 4)', async () => {
    const testInfo = test.info();
    const gmDocId = campaign.docs.gm;
    if (gmDocId === undefined) throw new Error('the GM sees the GM doc id');

    // The GM writes a secret; the GM's own device does hold the GM doc (the check below can see it).
    await openCampaignTab(gm.page, campaign.id, 'gm');
    const secrets = notesEditor(gm.page, 'GM secrets');
    await typeAtEnd(gm.page, secrets, 'The ferryman is the lich.');
    await expect(syncStatus(gm.page).filter({ hasText: saved })).toBeVisible();
    await screenshot(gm.page, testInfo, 'gm-secrets');
    await expect.poll(async () => (await indexedDbDump(gm.page)).includes(gmDocId)).toBe(true);

    // The player's tabs have no GM secrets, and the direct URL is refused.
    await openCampaignTab(player.page, campaign.id, 'notes');
    await expect(notesEditor(player.page)).toBeVisible();
    const tabs = player.page.getByRole('navigation', { name: 'Campaign sections' });
    await expect(tabs.getByRole('link', { name: 'Notes', exact: true })).toBeVisible();
    await expect(tabs.getByRole('link', { name: 'GM secrets' })).toHaveCount(0);
    await openCampaignTab(player.page, campaign.id, 'gm');
    await expect(player.page.getByRole('alert')).toHaveText('This section is not available with your role.');
    await expect(notesEditor(player.page, 'GM secrets')).toHaveCount(0);
    await screenshot(player.page, testInfo, 'gm-secrets-refused');

    // The player's private notes and history work; still nothing of the GM doc on the device.
    await openCampaignTab(player.page, campaign.id, 'private');
    const privateNotes = notesEditor(player.page, 'My private notes');
    await typeAtEnd(player.page, privateNotes, 'I do not trust the ferryman.');
    // Leaving the page is a reload: wait until the edit is stored (and acknowledged) first, as the
    // status line tells the user; a write still queued when the page unloads may never start.
    await expect.poll(() => editorText(privateNotes)).toBe('I do not trust the ferryman.');
    await expect(syncStatus(player.page).filter({ hasText: saved })).toBeVisible();
    await openCampaignTab(player.page, campaign.id, 'history');
    await expect(player.page.getByRole('combobox', { name: 'Document' }).getByRole('option')).toHaveText([
      'Shared notes',
      'My private notes',
    ]);

    expect(playerCampaign.docs.gm).toBeUndefined();
    // The check can see docs: the private doc the player just wrote in is there.
    await expect.poll(async () => (await indexedDbDump(player.page)).includes(playerCampaign.docs.private)).toBe(true);
    expect(await indexedDbDump(player.page)).not.toContain(gmDocId);
  });

  test('a late joiner gets the whole notes and their history, and can restore a version (scenario 5)', async ({ browser, baseURL }, testInfo) => {
    if (baseURL === undefined) throw new Error('baseURL is configured');
    await openCampaignTab(gm.page, campaign.id, 'notes');
    await typeAtEnd(gm.page, notesEditor(gm.page), 'Session 1: the party met at the docks.');
    await expect(syncStatus(gm.page).filter({ hasText: saved })).toBeVisible();
    await openCampaignTab(player.page, campaign.id, 'notes');
    await typeAtEnd(player.page, notesEditor(player.page), ' Session 2: into the keep.');
    await expect(syncStatus(player.page).filter({ hasText: saved })).toBeVisible();

    const late = await signIn(browser, baseURL, uniqueName('Late Lou'));
    try {
      await joinByApi(baseURL, campaign, gm, late, 'player');
      await openCampaignTab(late.page, campaign.id, 'notes');
      const editor = notesEditor(late.page);
      const full = 'Session 1: the party met at the docks. Session 2: into the keep.';
      await expect.poll(() => editorText(editor)).toBe(full);

      await openCampaignTab(late.page, campaign.id, 'history');
      const versions = late.page.getByRole('list', { name: 'Versions, newest first' }).getByRole('button');
      await expect(versions.first()).toBeVisible();
      expect(await versions.count()).toBeGreaterThanOrEqual(2);
      // An older version: the notes as they were part-way through the typing.
      await versions.last().click();
      const preview = late.page.getByLabel(/^Text of version \d+$/);
      await expect(preview).toBeVisible();
      const oldText = await preview.innerText();
      expect(oldText.length).toBeGreaterThan(0);
      expect(oldText.length).toBeLessThan(full.length);
      expect(full.startsWith(oldText)).toBe(true);
      await screenshot(late.page, testInfo, 'history');

      // Restoring is a new edit everyone receives.
      await late.page.getByRole('button', { name: 'Restore this version' }).click();
      await expect(late.page.getByText(/restored as a new edit/)).toBeVisible();
      await expect.poll(() => editorText(notesEditor(gm.page))).toBe(oldText);
      await expect.poll(() => editorText(notesEditor(player.page))).toBe(oldText);
    } finally {
      await late.context.close();
    }
  });

  test('characters: create a sheet, validate numbers, see it on the other device', async () => {
    const testInfo = test.info();
    await openCampaignTab(player.page, campaign.id, 'characters');
    await expect(player.page.getByText('No characters yet.')).toBeVisible();
    await player.page.getByLabel('New character’s name').fill('Pim the Bold');
    await player.page.getByRole('button', { name: 'Create character' }).click();
    await expect(player.page.getByRole('heading', { name: 'Character sheet of Pim the Bold' })).toBeVisible();

    await player.page.getByLabel('Class').fill('Rogue');
    const level = player.page.getByLabel('Level', { exact: true });
    await level.fill('25');
    await expect(player.page.getByText('Enter a number from 1 to 20.')).toBeVisible();
    await expect(level).toHaveAttribute('aria-invalid', 'true');
    await level.fill('3');
    await expect(player.page.getByText('Enter a number from 1 to 20.')).toHaveCount(0);
    await player.page.getByLabel('Dexterity').fill('17');
    await expect(player.page.getByText('Modifier +3')).toBeVisible();
    await player.page.getByLabel('New item').fill('Lockpicks');
    await player.page.getByRole('button', { name: 'Add item' }).click();
    await expect(player.page.getByRole('button', { name: 'Remove Lockpicks' })).toBeVisible();

    await openCampaignTab(gm.page, campaign.id, 'characters');
    await expect(gm.page.getByRole('button', { name: /Pim the Bold/ })).toContainText('Rogue · level 3');
    await expect(gm.page.getByLabel('Dexterity')).toHaveValue('17');
    await expect(gm.page.getByText('Lockpicks')).toBeVisible();

    await screenshot(player.page, testInfo, 'characters');
    await expectNoSeriousA11yViolations(player.page, testInfo, 'characters');
  });

  test('a viewer reads the notes, sheets and history but cannot change them', async ({ browser, baseURL }) => {
    if (baseURL === undefined) throw new Error('baseURL is configured');
    const testInfo = test.info();
    await openCampaignTab(gm.page, campaign.id, 'notes');
    await typeAtEnd(gm.page, notesEditor(gm.page), 'Only the party may change this.');
    await expect(syncStatus(gm.page).filter({ hasText: saved })).toBeVisible();

    const viewer = await signIn(browser, baseURL, uniqueName('Viewer Val'));
    try {
      await joinByApi(baseURL, campaign, gm, viewer, 'viewer');
      await openCampaignTab(viewer.page, campaign.id, 'notes');
      const editor = notesEditor(viewer.page);
      await expect.poll(() => editorText(editor)).toBe('Only the party may change this.');
      await expect(editor).toHaveAttribute('aria-readonly', 'true');
      await expect(editor).toHaveAttribute('contenteditable', 'false');
      await expect(viewer.page.getByText('You can read these notes; only players and the GM can edit them.')).toBeVisible();
      await expectNoSeriousA11yViolations(viewer.page, testInfo, 'notes-viewer');

      await openCampaignTab(viewer.page, campaign.id, 'characters');
      await expect(viewer.page.getByText('No characters yet.', { exact: true })).toBeVisible();
      await expect(viewer.page.getByRole('button', { name: 'Create character' })).toHaveCount(0);

      await openCampaignTab(viewer.page, campaign.id, 'history');
      await viewer.page.getByRole('list', { name: 'Versions, newest first' }).getByRole('button').first().click();
      await expect(viewer.page.getByText('Viewers can browse versions but not restore them.')).toBeVisible();
      await expect(viewer.page.getByRole('button', { name: 'Restore this version' })).toHaveCount(0);
    } finally {
      await viewer.context.close();
    }
  });
});
