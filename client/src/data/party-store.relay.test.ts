// Integration: PartyStore against the real relay's party route. Until the relay mounts
// /v1/party and /v1/campaigns/{id}/events, every test here is skipped with a printed reason.
import { validators } from '@rpg-bot/contracts';
import type { Campaign } from '@rpg-bot/contracts';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PartyStore } from './party-store';
import { partyEventTypes } from './party-validation';
import { bootRelay, NodeWebSocket, testBackends } from './relay-harness.test-support';
import type { RelayHarness, TestUser } from './relay-harness.test-support';
import type { PartyEvent, PartyStoreOptions } from './types';

const eventually = (assertion: () => void) => vi.waitFor(assertion, { timeout: 10_000, interval: 20 });
let dbCounter = 0;

describe.each(testBackends('client/data party'))('PartyStore against the relay on $name', (backend) => {
  let relay: RelayHarness;
  let gm: TestUser;
  let player: TestUser;
  let viewer: TestUser;
  let campaign: Campaign;
  let available = false;
  const stores: PartyStore[] = [];

  const makeStore = (user: TestUser, extra: Partial<PartyStoreOptions> = {}) => {
    dbCounter += 1;
    const store = new PartyStore({
      dbName: `party-relay-test-${backend.name}-${dbCounter}`,
      partyUrl: relay.partyUrl,
      getToken: () => Promise.resolve(user.token),
      indexedDb: { indexedDB, IDBKeyRange },
      WebSocketImpl: NodeWebSocket,
      backoff: { baseMs: 20, maxMs: 200 },
      ...extra,
    });
    stores.push(store);
    return store;
  };
  const stamped = (events: readonly PartyEvent[], id: string) => events.find((event) => event.id === id && event.seq !== undefined);

  beforeAll(async () => {
    relay = await bootRelay(backend);
    gm = await relay.signIn('Gemma the GM');
    player = await relay.signIn('Pip the player');
    campaign = await relay.createCampaign(gm, 'Party tests');
    await relay.join(gm, campaign, player, 'player');
    viewer = await relay.signIn('Vic the viewer');
    await relay.join(gm, campaign, viewer, 'viewer');
    const probe = await relay.call('GET', `/v1/campaigns/${campaign.id}/events?since=0`, { token: gm.token });
    available = probe.status === 200;
    if (!available) {
      console.warn(`[client/data party] GET /v1/campaigns/{id}/events answered ${probe.status}: the relay's party route is not mounted yet; party integration tests are skipped.`);
    }
  });
  afterEach(() => {
    for (const store of stores.splice(0)) store.destroy();
  });
  afterAll(async () => {
    await relay.close();
  });

  it('delivers an event composed offline exactly once when the device comes back', async (context) => {
    if (!available) context.skip();
    const store = makeStore(player);
    store.setOnline(false);
    const feed = store.open(campaign.id);
    await feed.whenLoaded;
    const id = await feed.publish(partyEventTypes.chatMessage, { text: 'composed in the tunnel' });
    expect(feed.status().pendingEvents).toBe(1);
    store.setOnline(true);
    await eventually(() => {
      expect(stamped(feed.events(), id)).toMatchObject({ actorid: player.id, data: { text: 'composed in the tunnel' } });
      expect(feed.status()).toMatchObject({ state: 'synced', pendingEvents: 0 });
    });
    expect(feed.events().filter((event) => event.id === id)).toHaveLength(1);

    const page = validators.partyEventPage((await relay.call('GET', `/v1/campaigns/${campaign.id}/events?since=0`, { token: gm.token })).json);
    if (!page.ok) throw new Error('invalid event page');
    expect(page.value.events.filter((event) => event.id === id)).toHaveLength(1);
  });

  it('shows every member the same server-side dice roll', async (context) => {
    if (!available) context.skip();
    const gmFeed = makeStore(gm).open(campaign.id);
    const playerFeed = makeStore(player).open(campaign.id);
    await Promise.all([gmFeed.whenLoaded, playerFeed.whenLoaded]);
    const requestId = await playerFeed.publish(partyEventTypes.diceRequested, { expression: '2d6+3' });
    const rollFor = (events: readonly PartyEvent[]) =>
      events.find((event) => event.type === partyEventTypes.diceRolled && (event.data as { requestId?: string } | undefined)?.requestId === requestId);
    await eventually(() => {
      expect(rollFor(gmFeed.events())).toBeDefined();
      expect(rollFor(playerFeed.events())).toBeDefined();
    });
    expect(rollFor(gmFeed.events())?.data).toEqual(rollFor(playerFeed.events())?.data);
  });

  it('marks an event the relay refuses (a viewer publishing) as failed, not pending', async (context) => {
    if (!available) context.skip();
    const feed = makeStore(viewer).open(campaign.id);
    await feed.whenLoaded;
    const id = await feed.publish(partyEventTypes.chatMessage, { text: 'may I speak?' });
    await eventually(() => {
      expect(feed.events().find((event) => event.id === id)).toMatchObject({ failed: 'read_only' });
      expect(feed.status()).toMatchObject({ state: 'synced', pendingEvents: 0 });
    });
  });

  it('reopens from the Dexie cache with no network', async (context) => {
    if (!available) context.skip();
    const store = makeStore(gm);
    const feed = store.open(campaign.id);
    const id = await feed.publish(partyEventTypes.gmNotice, { text: 'Session starts at eight.' });
    await eventually(() => {
      expect(stamped(feed.events(), id)).toBeDefined();
    });
    const seen = feed.events().length;
    feed.release();
    store.setOnline(false);
    const cached = store.open(campaign.id);
    await cached.whenLoaded;
    expect(cached.events()).toHaveLength(seen);
    expect(stamped(cached.events(), id)).toBeDefined();
    expect(cached.status().state).toBe('offline');
  });
});
