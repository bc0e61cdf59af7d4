// Driving the built app in Chromium the way a user does: sign in by name (development login),
// campaigns through the HTTP API with the token the app stored, notes opened by URL.
import { chromium } from '@playwright/test';
import { ensureChromium } from '../../../scripts/lib/chromium.mjs';
import { sleep } from '../../relay/lib/clock.mjs';
import { NOTES_TITLE } from './notes-doc.mjs';
import { installProbes, notesPainted, waitForKey } from './page-probes.mjs';

/** @typedef {import('@playwright/test').Browser} Browser */
/** @typedef {import('@playwright/test').BrowserContext} BrowserContext */
/** @typedef {import('@playwright/test').Page} Page */
/** @typedef {import('./page-probes.mjs').KeySample} KeySample */

/** What the probes look for (the notes feature's DOM, as a user and axe see it). */
export const PROBE_OPTIONS = {
  editor: '.cm-content[aria-label="Shared notes"]',
  view: 'nav[aria-label="Campaign sections"]',
  placeholder: 'section[aria-labelledby="notes-title"] [aria-busy="true"]',
  marker: NOTES_TITLE,
};

/**
 * The system Chromium, headless unless `headed`.
 * @param {boolean} headed
 * @returns {Promise<Browser>}
 */
export function launchChromium(headed) {
  return chromium.launch({
    executablePath: ensureChromium({ mayInstall: false }),
    headless: !headed,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/**
 * A browser context with the probes installed in every page.
 * @param {Browser} browser
 * @param {string} baseURL
 * @returns {Promise<BrowserContext>}
 */
export async function probedContext(browser, baseURL) {
  const context = await browser.newContext({ baseURL, locale: 'en-US' });
  await context.addInitScript(installProbes, PROBE_OPTIONS);
  return context;
}

/**
 * Signs in by name through the app's form; returns the session token the app stored.
 * @param {Page} page
 * @param {string} name
 * @returns {Promise<string>}
 */
export async function signIn(page, name) {
  await page.goto('/');
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Your campaigns' }).waitFor();
  const raw = await page.evaluate(() => localStorage.getItem('rpg-bot.session'));
  const stored = /** @type {unknown} */ (raw === null ? null : JSON.parse(raw));
  if (typeof stored !== 'object' || stored === null || !('token' in stored) || typeof stored.token !== 'string') {
    throw new Error('no session stored after signing in');
  }
  return stored.token;
}

/**
 * `POST /v1/campaigns` as the signed-in user.
 * @param {string} baseURL
 * @param {string} token
 * @param {string} title
 * @returns {Promise<{ id: string, docs: { shared: string } }>}
 */
export async function createCampaign(baseURL, token, title) {
  const response = await fetch(`${baseURL}/v1/campaigns`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  });
  if (!response.ok) throw new Error(`POST /v1/campaigns: HTTP ${response.status} ${await response.text()}`);
  return /** @type {{ id: string, docs: { shared: string } }} */ (await response.json());
}

/** @param {string} campaignId */
export const notesPath = (campaignId) => `/campaigns/${encodeURIComponent(campaignId)}/notes`;

/**
 * Opens a campaign's notes in a new page and waits until the editor shows the doc and its frame
 * rendered (the probes' `painted` mark).
 * @param {BrowserContext} context
 * @param {string} campaignId
 * @param {number} timeoutMs
 * @param {(page: Page) => Promise<void>} [beforeNavigation] e.g. start a profiler on the new page
 * @returns {Promise<Page>}
 */
export async function openNotes(context, campaignId, timeoutMs, beforeNavigation) {
  const page = await context.newPage();
  if (beforeNavigation !== undefined) await beforeNavigation(page);
  await page.goto(notesPath(campaignId), { waitUntil: 'commit' });
  await page.waitForFunction(notesPainted, undefined, {
    timeout: timeoutMs,
    polling: 50,
  });
  return page;
}

/**
 * Starts a V8 CPU profile of `page` (Chrome DevTools protocol); the returned function stops it
 * and returns the profile (a `.cpuprofile` document DevTools opens, mapping through source maps).
 * @param {Page} page
 * @returns {Promise<() => Promise<unknown>>}
 */
export async function startCpuProfile(page) {
  const session = await page.context().newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 200 });
  await session.send('Profiler.start');
  return async () => {
    const { profile } = await session.send('Profiler.stop');
    await session.detach();
    return profile;
  };
}

/**
 * Waits for the campaign's status line to say everything is on the server.
 * @param {Page} page
 * @param {number} timeoutMs
 */
export async function waitUntilSynced(page, timeoutMs) {
  await page.getByRole('status').filter({ hasText: 'All changes saved to the server' }).waitFor({ timeout: timeoutMs });
}

/**
 * Puts the caret at the start of the notes editor.
 * @param {Page} page
 */
export async function focusEditorStart(page) {
  await page.locator(PROBE_OPTIONS.editor).click();
  await page.keyboard.press('ControlOrMeta+Home');
}

/** A keystroke whose character never shows up in the editor's first line fails the run. */
const KEY_TIMEOUT_MS = 30_000;

/**
 * @template T
 * @param {Promise<T>} promise
 * @param {number} timeoutMs
 * @param {string} what
 * @returns {Promise<T>}
 */
async function withTimeout(promise, timeoutMs, what) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
  });
  try {
    return /** @type {T} */ (await Promise.race([promise, timeout]));
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Types `text` into the focused editor one character at a time, at most one character per
 * `cadenceMs`, and waits for each character's frame before the next; returns the probes' samples.
 * @param {Page} page
 * @param {string} text
 * @param {number} cadenceMs
 * @param {number} firstIndex samples already recorded in this page
 * @returns {Promise<KeySample[]>}
 */
export async function typeMeasured(page, text, cadenceMs, firstIndex) {
  /** @type {KeySample[]} */
  const samples = [];
  let index = firstIndex;
  for (const character of text) {
    const started = Date.now();
    await page.keyboard.type(character);
    samples.push(await withTimeout(page.evaluate(waitForKey, index++), KEY_TIMEOUT_MS, `the frame showing "${character}"`));
    const rest = cadenceMs - (Date.now() - started);
    if (rest > 0) await sleep(rest);
  }
  return samples;
}
