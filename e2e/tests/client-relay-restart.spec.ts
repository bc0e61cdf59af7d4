/**
 * Issue 4, scenario 7: the relay restarts in the middle of a session. This test runs its own
 * server (the same bundle `npm start` runs) on its own port and data directory, stops it with
 * SIGTERM while a GM and a player are editing, keeps editing while it is down, and starts it
 * again on the same port and data: nothing typed before, during or after is lost, and both
 * clients reconnect by themselves — nobody reloads the page.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { expect, test } from '@playwright/test';
import { findFreePort } from '../../scripts/lib/free-port.mjs';
import type { BundleProcess } from '../support/processes';
import { startBundle } from '../support/processes';
import type { User } from '../support/client';
import { openCampaignTab, screenshot, signIn, syncStatus } from '../support/client';
import { createCampaignByApi, editorText, joinByApi, notesEditor, typeAtEnd, uniqueName } from '../support/features';

const saved = 'All changes saved to the server';

test('edits survive a relay restart and the clients reconnect by themselves (scenario 7)', async ({ browser }, testInfo) => {
  test.setTimeout(180_000);
  const dataDir = mkdtempSync(joinPath(tmpdir(), 'rpg-bot-e2e-restart-'));
  const port = await findFreePort();
  const env = { PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: '' };
  let server: BundleProcess | null = await startBundle('server/dist/main.js', env);
  const baseURL = server.url;
  const users: User[] = [];
  try {
    const gm = await signIn(browser, baseURL, uniqueName('GM Rhea'));
    users.push(gm);
    const player = await signIn(browser, baseURL, uniqueName('Player Rob'));
    users.push(player);
    const campaign = await createCampaignByApi(baseURL, gm, 'Restart Night');
    await joinByApi(baseURL, campaign, gm, player, 'player');
    await openCampaignTab(gm.page, campaign.id, 'notes');
    await openCampaignTab(player.page, campaign.id, 'notes');
    const gmEditor = notesEditor(gm.page);
    const playerEditor = notesEditor(player.page);

    await typeAtEnd(gm.page, gmEditor, 'Before the restart. ');
    await expect.poll(() => editorText(playerEditor)).toBe('Before the restart. ');
    await expect(syncStatus(gm.page).filter({ hasText: saved })).toBeVisible();

    // Down: edits keep going into the local docs and wait for upload.
    await server.stop();
    server = null;
    await typeAtEnd(player.page, playerEditor, 'While it was down. ');
    await typeAtEnd(gm.page, gmEditor, 'GM offline too. ');
    await expect(syncStatus(player.page).filter({ hasText: /waiting to upload/ })).toBeVisible();
    await screenshot(player.page, testInfo, 'restart-waiting');

    // Up again on the same port and data; the clients come back on their own.
    server = await startBundle('server/dist/main.js', env);
    for (const page of [gm.page, player.page]) {
      await expect(syncStatus(page).filter({ hasText: saved })).toBeVisible({ timeout: 60_000 });
    }
    await typeAtEnd(gm.page, gmEditor, 'After the restart.');
    for (const editor of [gmEditor, playerEditor]) {
      for (const text of ['Before the restart.', 'While it was down.', 'GM offline too.', 'After the restart.']) {
        await expect.poll(() => editorText(editor), { timeout: 30_000 }).toContain(text);
      }
    }
    await expect.poll(async () => (await editorText(gmEditor)) === (await editorText(playerEditor))).toBe(true);
    await screenshot(player.page, testInfo, 'restart-recovered');
  } finally {
    // The server and its data go whatever happens to the browsers.
    await Promise.allSettled(users.map((user) => user.context.close()));
    if (server !== null) await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
