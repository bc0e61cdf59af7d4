/** The few HTTP calls the process tests need: dev sign-in and creating a campaign. */
import { validators } from '@rpg-bot/contracts';
import type { Campaign } from '@rpg-bot/contracts';

async function post(url: string, body: unknown, token?: string): Promise<unknown> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  const json: unknown = await response.json();
  if (!response.ok) throw new Error(`POST ${url} answered ${String(response.status)}: ${JSON.stringify(json)}`);
  return json;
}

/** `POST /v1/auth/dev` (AUTH_DEV_LOGIN=1): a session token for a user called `name`. */
export async function devLogin(baseUrl: string, name: string): Promise<string> {
  const session = validators.session(await post(`${baseUrl}/v1/auth/dev`, { name }));
  if (!session.ok) throw new Error('unexpected session body');
  return session.value.token;
}

/** `POST /v1/campaigns`: the caller becomes its GM. */
export async function createCampaign(baseUrl: string, token: string, title: string): Promise<Campaign> {
  const campaign = validators.campaign(await post(`${baseUrl}/v1/campaigns`, { title }, token));
  if (!campaign.ok) throw new Error('unexpected campaign body');
  return campaign.value;
}

/** The WebSocket URL of a doc on a relay, `ws://…/v1/sync/{docId}?token=…`. */
export function syncUrl(baseUrl: string, docId: string, token: string): string {
  return `${syncBase(baseUrl)}/${docId}?token=${encodeURIComponent(token)}`;
}

/** What a stock y-websocket `WebsocketProvider` takes as its server URL (it appends `/{docId}`). */
export function syncBase(baseUrl: string): string {
  return `${baseUrl.replace(/^http/, 'ws')}/v1/sync`;
}
