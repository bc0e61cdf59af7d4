// Two relay processes (two stacks in this test process) on one PostgreSQL database: an event
// committed through one reaches the party sockets of the other through LISTEN/NOTIFY, in seq order.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@rpg-bot/config';
import { validators } from '@rpg-bot/contracts';
import { createTestPostgresDatabase, testDatabaseUrl } from '@rpg-bot/db/testing';
import { bootStack } from '@rpg-bot/runtime';
import type { RunningStack } from '@rpg-bot/runtime';
import { closeCodes } from '@rpg-bot/sync-protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { relayModule } from '../relay-module';
import { partyClient } from './party-test-client';
import type { PartyTestClient } from './party-test-client';

const adminUrl = testDatabaseUrl();
if (adminUrl === undefined) {
  console.warn('[relay/party fan-out] TEST_DATABASE_URL is not set: the two-relay test needs a real PostgreSQL server and is skipped.');
}

const eventually = (assertion: () => void) => vi.waitFor(assertion, { timeout: 5000, interval: 10 });

describe.skipIf(adminUrl === undefined)('party fan-out across two relays on one PostgreSQL database', () => {
  const stacks: RunningStack[] = [];
  const clients: PartyTestClient[] = [];
  let cleanup: () => Promise<void> = () => Promise.resolve();
  let dataDir = '';

  const call = async (stack: RunningStack, method: string, path: string, token: string | undefined, body?: unknown): Promise<unknown> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    const response = await fetch(`${stack.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await response.text();
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  };
  const signIn = async (stack: RunningStack, name: string) => {
    const session = validators.session(await call(stack, 'POST', '/v1/auth/dev', undefined, { name }));
    if (!session.ok) throw new Error('sign-in failed');
    return { id: session.value.user.id, token: session.value.token };
  };
  const connect = async (stack: RunningStack, campaignId: string, token: string) => {
    const client = await partyClient(`${stack.url.replace('http', 'ws')}/v1/party/${campaignId}?token=${encodeURIComponent(token)}`);
    clients.push(client);
    await client.next('ready');
    return client;
  };
  const chat = (text: string) => ({ specversion: '1.0', id: randomUUID(), type: 'dev.rpgbot.party.chat-message.v1', data: { text } });

  beforeAll(async () => {
    const database = await createTestPostgresDatabase(adminUrl ?? '');
    cleanup = () => database.cleanup();
    // Shared DATA_DIR: both relays must sign and verify with the same session key.
    dataDir = await mkdtemp(join(tmpdir(), 'rpgbot-party-fanout-'));
    const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', RATE_LIMIT_ENABLED: '0', AUTH_DEV_LOGIN: '1', DATABASE_URL: database.url });
    stacks.push(await bootStack({ config, modules: [relayModule], version: 'test' }));
    stacks.push(await bootStack({ config, modules: [relayModule], version: 'test' }));
  });
  afterAll(async () => {
    for (const client of clients) client.socket.terminate();
    for (const stack of stacks) await stack.close();
    await cleanup();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('delivers events committed on either relay to sockets on both, in seq order, and closes a removed member on the other relay', async () => {
    const [one, two] = stacks;
    if (one === undefined || two === undefined) throw new Error('stacks missing');
    const gm = await signIn(one, 'Gemma');
    const player = await signIn(two, 'Pip');
    const campaign = validators.campaign(await call(one, 'POST', '/v1/campaigns', gm.token, { title: 'Two relays' }));
    if (!campaign.ok) throw new Error('campaign failed');
    const campaignId = campaign.value.id;
    const invite = validators.invite(await call(one, 'POST', `/v1/campaigns/${campaignId}/invites`, gm.token, { role: 'player' }));
    if (!invite.ok) throw new Error('invite failed');
    await call(two, 'POST', `/v1/invites/${invite.value.code}/accept`, player.token);

    const onOne = await connect(one, campaignId, gm.token);
    const onTwo = await connect(two, campaignId, player.token);
    // Interleaved publishes through both relays.
    for (let index = 0; index < 10; index += 1) {
      await call(index % 2 === 0 ? one : two, 'POST', `/v1/campaigns/${campaignId}/events`, index % 2 === 0 ? gm.token : player.token, chat(`line ${String(index)}`));
    }
    const expected = Array.from({ length: 11 }, (_, index) => index + 1);
    await eventually(() => {
      expect(onOne.seqs()).toEqual(expected);
      expect(onTwo.seqs()).toEqual(expected);
    });
    // Concurrent publishes from both relays still arrive everywhere in seq order, without repeats.
    await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        call(index % 2 === 0 ? one : two, 'POST', `/v1/campaigns/${campaignId}/events`, index % 2 === 0 ? gm.token : player.token, chat(`burst ${String(index)}`)),
      ),
    );
    const all = Array.from({ length: 21 }, (_, index) => index + 1);
    await eventually(() => {
      expect(onOne.seqs()).toEqual(all);
      expect(onTwo.seqs()).toEqual(all);
    });
    // Removal through relay one closes the player's socket on relay two.
    await call(one, 'DELETE', `/v1/campaigns/${campaignId}/members/${encodeURIComponent(player.id)}`, gm.token);
    expect(await onTwo.closed).toBe(closeCodes.Forbidden.code);
    await eventually(() => {
      expect(onOne.seqs()).toEqual([...all, 22]);
    });
  });
});
