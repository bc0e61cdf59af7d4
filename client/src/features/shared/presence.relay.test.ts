// Integration: presence as members see it, through the real relay (in-process) and our DocStore.
import type { Campaign } from '@rpg-bot/contracts';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DocStore } from '../../data';
import type { DocHandle } from '../../data';
import { bootRelay, NodeWebSocket, testBackends } from '../../data/relay-harness.test-support';
import type { RelayHarness, TestUser } from '../../data/relay-harness.test-support';
import { colorFor, presenceUserFor, presentUsers } from './presence';

const eventually = (assertion: () => void | Promise<void>) => vi.waitFor(assertion, { timeout: 10_000, interval: 20 });

let dbCounter = 0;

// Presence does not touch the database: one backend is enough.
describe.each(testBackends('client/presence').slice(0, 1))('presence through the relay on $name', (backend) => {
  let relay: RelayHarness;
  let gm: TestUser;
  let player: TestUser;
  let viewer: TestUser;
  let campaign: Campaign;
  const stores: DocStore[] = [];

  const open = (user: TestUser): DocHandle => {
    dbCounter += 1;
    const store = new DocStore({
      dbName: `presence-test-${String(dbCounter)}`,
      relayUrl: relay.syncUrl,
      getToken: () => Promise.resolve(user.token),
      indexedDb: { indexedDB, IDBKeyRange },
      WebSocketImpl: NodeWebSocket,
      backoff: { baseMs: 20, maxMs: 200 },
    });
    stores.push(store);
    return store.open(campaign.docs.shared);
  };
  const synced = (handle: DocHandle) =>
    eventually(() => {
      expect(handle.status()).toMatchObject({ state: 'synced' });
    });
  const shown = (handle: DocHandle, localUserId: string) => presentUsers(handle.awareness.getStates(), localUserId).map(({ userId, name }) => ({ userId, name }));

  beforeAll(async () => {
    relay = await bootRelay(backend);
    gm = await relay.signIn('Gemma the GM');
    player = await relay.signIn('Pip the player');
    viewer = await relay.signIn('Vic the viewer');
    campaign = await relay.createCampaign(gm, 'Presence tests');
    await relay.join(gm, campaign, player, 'player');
    await relay.join(gm, campaign, viewer, 'viewer');
  });
  afterEach(() => {
    for (const store of stores.splice(0)) store.destroy();
  });
  afterAll(async () => {
    await relay.close();
  });

  it('SYNC-AWARENESS-2: a member claiming to be the GM is shown as themself, to members already there and to a newcomer', async () => {
    const gmHandle = open(gm);
    const playerHandle = open(player);
    await Promise.all([synced(gmHandle), synced(playerHandle)]);
    gmHandle.awareness.setLocalStateField('user', presenceUserFor({ userId: gm.id, name: 'Gemma the GM' }));
    // The player's client lies: the GM's id, name and colour.
    playerHandle.awareness.setLocalStateField('user', { ...presenceUserFor({ userId: gm.id, name: 'Gemma the GM' }) });
    const expected = [
      { userId: gm.id, name: 'Gemma the GM' },
      { userId: player.id, name: 'Pip the player' },
    ];
    await eventually(() => {
      expect(shown(gmHandle, gm.id)).toEqual(expected);
    });
    // The colour follows the stamped id, not the one the client sent.
    expect(presentUsers(gmHandle.awareness.getStates(), gm.id)[1]).toMatchObject(colorFor(player.id));
    // A newcomer asks everyone; each client answers with every state it knows (as y-protocols
    // does), and the relay lets through only each sender's own states, stamped.
    const viewerHandle = open(viewer);
    await synced(viewerHandle);
    viewerHandle.awareness.setLocalStateField('user', presenceUserFor({ userId: viewer.id, name: 'Vic the viewer' }));
    await eventually(() => {
      expect(shown(viewerHandle, viewer.id)).toEqual([{ userId: viewer.id, name: 'Vic the viewer' }, ...expected]);
    });
  });
});
