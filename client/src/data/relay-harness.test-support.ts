// Test support only: boots the REAL relay in-process through its public index (see eslint.config.js).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@rpg-bot/config';
import type { Campaign } from '@rpg-bot/contracts';
import { validators } from '@rpg-bot/contracts';
import { createJobsModule } from '@rpg-bot/jobs';
import { relayModule } from '@rpg-bot/relay';
import { bootStack } from '@rpg-bot/runtime';
import type { RunningStack } from '@rpg-bot/runtime';
import { stackTestBackends } from '@rpg-bot/runtime/testing';
import type { StackTestBackend } from '@rpg-bot/runtime/testing';
import { WebSocket } from 'ws';

export type TestBackend = StackTestBackend;

/** PGlite always; PostgreSQL when `TEST_DATABASE_URL` is set (a printed warning says so otherwise). */
export const testBackends = stackTestBackends;

export interface TestUser {
  readonly id: string;
  readonly token: string;
}

export interface RelayHarness {
  readonly stack: RunningStack;
  readonly syncUrl: string;
  readonly partyUrl: string;
  call(method: string, path: string, options?: { token?: string; body?: unknown }): Promise<{ status: number; json: unknown }>;
  signIn(name: string): Promise<TestUser>;
  createCampaign(gm: TestUser, title: string): Promise<Campaign>;
  join(gm: TestUser, campaign: Campaign, member: TestUser, role: 'player' | 'viewer'): Promise<void>;
  /** The campaign as `user` sees it (its own private doc id, no gm doc for players). */
  campaignAs(user: TestUser, campaignId: string): Promise<Campaign>;
  close(): Promise<void>;
}

/**
 * Boots the relay on port 0 with dev login on and rate limiting off; `env` adds configuration.
 * `withJobs` adds the media jobs service (its offline providers) to the same stack, as `npm start` runs it.
 */
export async function bootRelay(
  backend: TestBackend,
  env: Readonly<Record<string, string>> = {},
  options: { readonly withJobs?: boolean } = {},
): Promise<RelayHarness> {
  const { env: dbEnv, cleanup } = await backend.setup();
  const dataDir = await mkdtemp(join(tmpdir(), 'rpgbot-client-data-test-'));
  const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', RATE_LIMIT_ENABLED: '0', AUTH_DEV_LOGIN: '1', ...env, ...dbEnv });
  const modules =
    options.withJobs === true ? [relayModule, createJobsModule({ retry: { baseDelayMs: 10, maxDelayMs: 40 }, heartbeatSeconds: 1 })] : [relayModule];
  const stack = await bootStack({ config, modules, version: 'test' });
  const wsBase = stack.url.replace(/^http/, 'ws');
  const call: RelayHarness['call'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = {};
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const response = await fetch(new URL(path, stack.url), { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    return { status: response.status, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
  };
  const parsed = <T>(validate: (input: unknown) => { ok: true; value: T } | { ok: false }, response: { status: number; json: unknown }): T => {
    const result = validate(response.json);
    if (!result.ok) throw new Error(`unexpected body (${response.status}): ${JSON.stringify(response.json)}`);
    return result.value;
  };
  return {
    stack,
    syncUrl: `${wsBase}/v1/sync`,
    partyUrl: `${wsBase}/v1/party`,
    call,
    async signIn(name) {
      const session = parsed(validators.session, await call('POST', '/v1/auth/dev', { body: { name } }));
      return { id: session.user.id, token: session.token };
    },
    async createCampaign(gm, title) {
      return parsed(validators.campaign, await call('POST', '/v1/campaigns', { token: gm.token, body: { title } }));
    },
    async join(gm, campaign, member, role) {
      const invite = parsed(validators.invite, await call('POST', `/v1/campaigns/${campaign.id}/invites`, { token: gm.token, body: { role } }));
      const accepted = await call('POST', `/v1/invites/${invite.code}/accept`, { token: member.token });
      if (accepted.status !== 200) throw new Error(`invite accept failed: ${accepted.status}`);
    },
    async campaignAs(user, campaignId) {
      const list = parsed(validators.campaignList, await call('GET', '/v1/campaigns', { token: user.token }));
      const found = list.campaigns.find((entry) => entry.id === campaignId);
      if (found === undefined) throw new Error(`${user.id} is not a member of ${campaignId}`);
      return found;
    },
    async close() {
      await stack.close();
      await cleanup();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A binary frame the client sent, as the test saw it leave. */
export interface SentFrame {
  readonly bytes: Uint8Array;
}

/**
 * The `ws` WebSocket as a browser-typed constructor, recording every frame the client sends (the
 * real socket still carries it). `sent` is shared by every socket this class opens.
 */
export function recordingWebSocket(): { readonly WebSocketImpl: typeof globalThis.WebSocket; readonly sent: SentFrame[] } {
  const sent: SentFrame[] = [];
  class RecordingWebSocket extends WebSocket {
    override send(data: unknown, ...rest: unknown[]): void {
      if (data instanceof Uint8Array) sent.push({ bytes: data.slice() });
      (super.send as (data: unknown, ...rest: unknown[]) => void)(data, ...rest);
    }
  }
  return { WebSocketImpl: RecordingWebSocket as unknown as typeof globalThis.WebSocket, sent };
}

/** The plain `ws` WebSocket, typed as the browser's. */
export const NodeWebSocket = WebSocket as unknown as typeof globalThis.WebSocket;
