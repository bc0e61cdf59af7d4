/**
 * Helpers for end-to-end tests of the client: each user is a fresh browser context (its own
 * localStorage and IndexedDB), signed in with the development login the e2e server offers.
 * Shared by every client spec (campaigns, offline, collaboration, party, …).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page, TestInfo } from '@playwright/test';
import { expect } from '@playwright/test';

export interface User {
  readonly name: string;
  readonly context: BrowserContext;
  readonly page: Page;
}

export interface Campaign {
  readonly id: string;
  readonly title: string;
}

/**
 * A new user in a fresh browser context, signed in by name (`POST /v1/auth/dev` through the sign-in
 * form), on the campaign list — or on `path` if given (e.g. a `/join/<code>` link opened before signing in).
 */
export async function signIn(browser: Browser, baseURL: string, name: string, path = '/'): Promise<User> {
  const context = await browser.newContext({ baseURL, locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(path);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (path === '/') await expect(page.getByRole('heading', { level: 1, name: 'Your campaigns' })).toBeVisible();
  return { name, context, page };
}

/** Creates a campaign from the list page; resolves once its view is open. */
export async function createCampaign(page: Page, title: string): Promise<Campaign> {
  await page.goto('/');
  await page.getByLabel('Campaign title').fill(title);
  await page.getByRole('button', { name: 'Create campaign' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const match = /\/campaigns\/([^/]+)/.exec(new URL(page.url()).pathname);
  if (match?.[1] === undefined) throw new Error(`not on a campaign page: ${page.url()}`);
  return { id: decodeURIComponent(match[1]), title };
}

/** Opens a section of a campaign (`notes`, `invite`, …) by URL. */
export async function openCampaignTab(page: Page, campaignId: string, tab: string): Promise<void> {
  await page.goto(`/campaigns/${encodeURIComponent(campaignId)}/${tab}`);
  await expect(page.getByRole('navigation', { name: 'Campaign sections' })).toBeVisible();
}

/** As the GM: creates an invite link for `role` on the campaign's Invite tab and returns it. */
export async function createInvite(page: Page, campaignId: string, role: 'player' | 'viewer' = 'player'): Promise<string> {
  await openCampaignTab(page, campaignId, 'invite');
  await page.getByRole('radio', { name: role === 'player' ? /Player/ : /Viewer/ }).check();
  await page.getByRole('button', { name: 'Create invite link' }).click();
  const link = page.getByLabel('Invite link');
  await expect(link).toHaveValue(/\/invite\/[\w-]+$/);
  return link.inputValue();
}

/** The invite code inside an invite link (`…/invite/<code>` or `…?startapp=<code>`). */
export function inviteCode(inviteUrl: string): string {
  const url = new URL(inviteUrl);
  const code = url.searchParams.get('startapp') ?? url.pathname.split('/').pop();
  if (code === undefined || code === '') throw new Error(`no invite code in ${inviteUrl}`);
  return code;
}

/** As an invited user: opens the invite link and waits until the campaign view is shown. */
export async function acceptInvite(page: Page, inviteUrl: string, campaignTitle: string): Promise<void> {
  const url = new URL(inviteUrl);
  await page.goto(url.pathname + url.search);
  await expect(page.getByRole('heading', { level: 1, name: campaignTitle })).toBeVisible();
}

/** A GM with a new campaign and a player who joined it by invite, each in their own context. */
export async function campaignWithPlayer(
  browser: Browser,
  baseURL: string,
  names: { gm: string; player: string; title: string },
): Promise<{ gm: User; player: User; campaign: Campaign; inviteUrl: string }> {
  const gm = await signIn(browser, baseURL, names.gm);
  const campaign = await createCampaign(gm.page, names.title);
  const inviteUrl = await createInvite(gm.page, campaign.id, 'player');
  const player = await signIn(browser, baseURL, names.player);
  await acceptInvite(player.page, inviteUrl, names.title);
  return { gm, player, campaign, inviteUrl };
}

/** The campaign's sync status line (the only `role="status"` region of the campaign view). */
export function syncStatus(page: Page) {
  return page.getByRole('status');
}

/**
 * Waits until every change the status line counts as "saved on this device" is in IndexedDB (the
 * data layer's outbox of un-uploaded updates, database 'rpg-bot'), so a reload cannot race the
 * last writes.
 */
export async function waitUntilSavedOnDevice(page: Page): Promise<void> {
  const text = (await syncStatus(page).textContent()) ?? '';
  const counted = Number(/\((\d+)\)/.exec(text)?.[1] ?? '0');
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          new Promise<number>((resolve, reject) => {
            const open = indexedDB.open('rpg-bot');
            open.onerror = () => {
              reject(new Error(open.error?.message ?? 'cannot open rpg-bot'));
            };
            open.onsuccess = () => {
              const count = open.result.transaction('docOutbox').objectStore('docOutbox').count();
              count.onsuccess = () => {
                open.result.close();
                resolve(count.result);
              };
            };
          }),
      ),
    )
    .toBeGreaterThanOrEqual(counted);
}

/** Resolves once a service worker controls nothing yet but is active: the app shell is precached. */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
}

const requireFromHere = createRequire(import.meta.url);
let axeSource: string | undefined;

interface AxeViolation {
  readonly id: string;
  readonly impact?: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly unknown[] }[];
}

/**
 * Runs axe-core in the page and fails on serious or critical violations. The script is evaluated
 * through the DevTools protocol, so the app's CSP (script-src 'self') stays in force.
 */
export async function expectNoSeriousA11yViolations(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  axeSource ??= readFileSync(requireFromHere.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document);
    return result.violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map((n) => ({ target: n.target })) }));
  });
  await testInfo.attach(`axe-${name}.json`, { body: JSON.stringify(violations, null, 2), contentType: 'application/json' });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `axe violations on ${name}: ${JSON.stringify(serious, null, 2)}`).toEqual([]);
}

/** A full-page screenshot kept with the test's artifacts (e2e/artifacts). */
export async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}
