/**
 * Helpers for the campaign-feature tests (notes, GM secrets, characters, party, history), on top
 * of `client.ts` (sign-in, tabs, axe, screenshots): campaigns are set up over the HTTP API with the
 * token the app stored (the campaign screens themselves are covered by client-campaigns.spec.ts),
 * CodeMirror typing, and a dump of everything a device keeps in IndexedDB.
 */
import { randomUUID } from 'node:crypto';
import type { Locator, Page } from '@playwright/test';
import { validators } from '@rpg-bot/contracts';
import type { Campaign } from '@rpg-bot/contracts';
import type { User } from './client';

/** A display name unique to this run, so tests sharing one server never meet each other's users. */
export function uniqueName(base: string): string {
  return `${base} ${randomUUID().slice(0, 6)}`;
}

/** The session token the app stored after signing in. */
export async function sessionToken(page: Page): Promise<string> {
  const raw = await page.evaluate(() => localStorage.getItem('rpg-bot.session'));
  const stored: unknown = raw === null ? null : JSON.parse(raw);
  if (typeof stored !== 'object' || stored === null || !('token' in stored) || typeof stored.token !== 'string') {
    throw new Error('no session stored after signing in');
  }
  return stored.token;
}

async function api(baseURL: string, method: string, path: string, user: User, body?: unknown): Promise<unknown> {
  const response = await fetch(`${baseURL}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await sessionToken(user.page)}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json: unknown = await response.json();
  if (!response.ok) throw new Error(`${method} ${path} answered ${String(response.status)}: ${JSON.stringify(json)}`);
  return json;
}

/** The GM creates a campaign; the answer carries all three doc ids, the GM doc included. */
export async function createCampaignByApi(baseURL: string, gm: User, title: string): Promise<Campaign> {
  const result = validators.campaign(await api(baseURL, 'POST', '/v1/campaigns', gm, { title }));
  if (!result.ok) throw new Error('unexpected campaign body');
  return result.value;
}

/** The GM invites with `role`, `member` accepts; returns the campaign as the member sees it. */
export async function joinByApi(baseURL: string, campaign: Campaign, gm: User, member: User, role: 'player' | 'viewer'): Promise<Campaign> {
  const invite = validators.invite(await api(baseURL, 'POST', `/v1/campaigns/${campaign.id}/invites`, gm, { role }));
  if (!invite.ok) throw new Error('unexpected invite body');
  const joined = validators.campaign(await api(baseURL, 'POST', `/v1/invites/${invite.value.code}/accept`, member));
  if (!joined.ok) throw new Error('unexpected campaign body');
  return joined.value;
}

/** A notes editor by its accessible name (CodeMirror's content element). */
export function notesEditor(page: Page, name = 'Shared notes'): Locator {
  return page.getByRole('textbox', { name, exact: true });
}

/**
 * The text of a CodeMirror editor as the document holds it: lines joined by newlines, without the
 * remote cursors' name tags that y-codemirror.next draws inside the text.
 */
export async function editorText(editor: Locator): Promise<string> {
  return editor.evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement;
    for (const caret of Array.from(copy.querySelectorAll('.cm-ySelectionCaret'))) caret.remove();
    return Array.from(copy.querySelectorAll('.cm-line'))
      .map((line) => line.textContent.replace(/\u2060/g, ''))
      .join('\n');
  });
}

/** Types at the start of a CodeMirror editor. */
export async function typeAtStart(page: Page, editor: Locator, text: string): Promise<void> {
  await editor.click();
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.type(text);
}

/** Types at the end of a CodeMirror editor. */
export async function typeAtEnd(page: Page, editor: Locator, text: string): Promise<void> {
  await editor.click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type(text);
}

/**
 * Everything this device's IndexedDB holds — every database, store, key and value — as one
 * string; a doc id missing from it was never stored on the device.
 */
export async function indexedDbDump(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const settle = <T>(request: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        request.onsuccess = () => {
          resolve(request.result);
        };
        request.onerror = () => {
          reject(request.error ?? new Error('IndexedDB request failed'));
        };
      });
    const parts: string[] = [];
    for (const info of await indexedDB.databases()) {
      const name = info.name;
      if (name === undefined) continue;
      const db = await settle(indexedDB.open(name));
      for (const storeName of Array.from(db.objectStoreNames)) {
        const store = db.transaction(storeName, 'readonly').objectStore(storeName);
        const keys = await settle(store.getAllKeys());
        const values = await settle(store.getAll());
        parts.push(`${name}/${storeName}: ${JSON.stringify(keys)} ${JSON.stringify(values)}`);
      }
      db.close();
    }
    return parts.join('\n');
  });
}
