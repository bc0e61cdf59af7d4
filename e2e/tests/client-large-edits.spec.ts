/**
 * Issue 8 §2 in the real app: a GM pastes 3 MB into the shared notes (three times the relay's
 * 1 MiB frame limit) and the player sees all of it; a 20 MB paste (more than the 16 MiB a doc may
 * hold) is taken back at once, the status line says why and what to do — never "Offline" — and
 * what the GM types afterwards still reaches the player.
 */
import { expect, test } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import type { User } from '../support/client';
import { openCampaignTab, signIn, syncStatus } from '../support/client';
import { createCampaignByApi, joinByApi, notesEditor, typeAtEnd, uniqueName } from '../support/features';

const saved = 'All changes saved to the server';

/**
 * Pastes `bytes` of text at the end of the editor as the browser would (a paste event carrying
 * text/plain): lines of prose, the first and last line carrying markers.
 */
async function paste(page: Page, editor: Locator, bytes: number, label: string): Promise<void> {
  await editor.click();
  await page.keyboard.press('ControlOrMeta+End');
  await editor.evaluate(
    (element, { bytes, label }) => {
      const line = 'The wind howls over the barrow downs, and the lanterns gutter out one by one.\n';
      const body = line.repeat(Math.ceil(bytes / line.length)).slice(0, bytes - 2 * (label.length + 16));
      const text = `\n[${label} begins]\n${body}\n[${label} ends]`;
      const data = new DataTransfer();
      data.setData('text/plain', text);
      element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    },
    { bytes, label },
  );
}

/** Whether the editor's visible text, after jumping to its end, shows `text`. */
async function endShows(page: Page, editor: Locator, text: string): Promise<boolean> {
  await editor.click();
  await page.keyboard.press('ControlOrMeta+End');
  return (await editor.textContent())?.includes(text) === true;
}

test.describe('edits of any size', () => {
  test.setTimeout(240_000);

  let gm: User;
  let player: User;

  test.afterEach(async () => {
    await gm.context.close();
    await player.context.close();
  });

  test('a 3 MB paste reaches the player; a 20 MB paste is taken back with a clear status, and later typing still syncs', async ({ browser, baseURL }) => {
    if (baseURL === undefined) throw new Error('baseURL is configured in playwright.config.ts');
    const testInfo = test.info();
    gm = await signIn(browser, baseURL, uniqueName('GM Greta'));
    player = await signIn(browser, baseURL, uniqueName('Player Pim'));
    const campaign = await createCampaignByApi(baseURL, gm, 'The Barrow Downs');
    await joinByApi(baseURL, campaign, gm, player, 'player');
    await openCampaignTab(gm.page, campaign.id, 'notes');
    await openCampaignTab(player.page, campaign.id, 'notes');
    const gmEditor = notesEditor(gm.page);
    const playerEditor = notesEditor(player.page);
    await typeAtEnd(gm.page, gmEditor, 'Session 12.');
    await expect(syncStatus(gm.page)).toHaveText(saved);

    await paste(gm.page, gmEditor, 3_000_000, 'Barrow lore');
    await expect(syncStatus(gm.page)).toHaveText(saved, { timeout: 60_000 });
    await expect.poll(() => endShows(player.page, playerEditor, '[Barrow lore ends]'), { timeout: 60_000 }).toBe(true);

    await paste(gm.page, gmEditor, 20_000_000, 'The whole wiki');
    const refusal = syncStatus(gm.page);
    await expect(refusal).toContainText('Not uploaded: a change of 20 MB', { timeout: 60_000 });
    await expect(refusal).toContainText('16 MB');
    await expect(refusal).toContainText('Split it into smaller notes');
    await expect(refusal).not.toContainText('Offline');
    await expect.poll(() => endShows(gm.page, gmEditor, '[Barrow lore ends]')).toBe(true);
    expect(await gmEditor.textContent()).not.toContain('The whole wiki');
    // The viewport, not the full page: the notes are thousands of lines long.
    for (const colorScheme of ['light', 'dark'] as const) {
      await gm.page.emulateMedia({ colorScheme });
      for (const [name, viewport] of [['phone', { width: 390, height: 844 }], ['desktop', { width: 1280, height: 800 }]] as const) {
        await gm.page.setViewportSize(viewport);
        await refusal.scrollIntoViewIfNeeded();
        await gm.page.screenshot({ path: testInfo.outputPath(`large-paste-refused-${name}-${colorScheme}.png`) });
      }
    }
    await gm.page.emulateMedia({ colorScheme: 'light' });

    await typeAtEnd(gm.page, gmEditor, ' The barrow-wight stirs.');
    await expect(syncStatus(gm.page)).toHaveText(saved, { timeout: 60_000 });
    await expect.poll(() => endShows(player.page, playerEditor, 'The barrow-wight stirs.'), { timeout: 60_000 }).toBe(true);
    expect(await playerEditor.textContent()).not.toContain('The whole wiki');
    await expect(syncStatus(player.page)).toHaveText(saved);
  });
});
