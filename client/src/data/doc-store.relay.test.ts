// Integration: our DocStore against the real relay (in-process, PGlite and — with TEST_DATABASE_URL —
// PostgreSQL), over real WebSockets, on fake-indexeddb.
import type { Campaign } from '@rpg-bot/contracts';
import { seededRandom } from '@rpg-bot/kit';
import { decodeClientMessage, defaultLimits } from '@rpg-bot/sync-protocol';
import type { ClientMessage } from '@rpg-bot/sync-protocol';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { DocStore } from './doc-store';
import { bootRelay, recordingWebSocket, testBackends } from './relay-harness.test-support';
import type { RelayHarness, SentFrame, TestUser } from './relay-harness.test-support';
import type { DocHandle, DocStoreOptions, DocSyncStatus } from './types';

const eventually = (assertion: () => void | Promise<void>) => vi.waitFor(assertion, { timeout: 10_000, interval: 20 });

let dbCounter = 0;

function decodeSent(frames: readonly SentFrame[]): ClientMessage[] {
  const messages: ClientMessage[] = [];
  for (const frame of frames) {
    const decoded = decodeClientMessage(frame.bytes, defaultLimits);
    if (decoded.ok) messages.push(decoded.message);
  }
  return messages;
}

describe.each(testBackends('client/data'))('DocStore against the relay on $name', (backend) => {
  let relay: RelayHarness;
  let gm: TestUser;
  let player: TestUser;
  let viewer: TestUser;
  let campaign: Campaign;
  const stores: DocStore[] = [];

  const makeStore = (user: TestUser, extra: Partial<DocStoreOptions> = {}) => {
    dbCounter += 1;
    const recorder = recordingWebSocket();
    const store = new DocStore({
      dbName: `relay-test-${backend.name}-${dbCounter}`,
      relayUrl: relay.syncUrl,
      getToken: () => Promise.resolve(user.token),
      indexedDb: { indexedDB, IDBKeyRange },
      WebSocketImpl: recorder.WebSocketImpl,
      backoff: { baseMs: 20, maxMs: 200 },
      ...extra,
    });
    stores.push(store);
    return { store, sent: recorder.sent };
  };
  const synced = (handle: DocHandle) =>
    eventually(() => {
      expect(handle.status()).toMatchObject({ state: 'synced', pendingUpdates: 0 });
    });

  beforeAll(async () => {
    relay = await bootRelay(backend);
    gm = await relay.signIn('Gemma the GM');
    player = await relay.signIn('Pip the player');
    campaign = await relay.createCampaign(gm, 'Data layer tests');
    await relay.join(gm, campaign, player, 'player');
    viewer = await relay.signIn('Vic the viewer');
    await relay.join(gm, campaign, viewer, 'viewer');
  });
  afterEach(() => {
    for (const store of stores.splice(0)) store.destroy();
  });
  afterAll(async () => {
    await relay.close();
  });

  it('two devices converge through the relay, both ending synced', async () => {
    const a = makeStore(gm).store.open(campaign.docs.shared);
    const b = makeStore(player).store.open(campaign.docs.shared);
    await Promise.all([a.whenLoaded, b.whenLoaded]);
    a.doc.getText('converge').insert(0, 'from the GM. ');
    await eventually(() => {
      expect(b.doc.getText('converge').toJSON()).toBe('from the GM. ');
    });
    b.doc.getText('converge').insert(b.doc.getText('converge').length, 'From the player.');
    await eventually(() => {
      expect(a.doc.getText('converge').toJSON()).toBe('from the GM. From the player.');
    });
    await synced(a);
    await synced(b);
    expect(a.status().lastAckedSeq).toBeGreaterThan(0);
    expect(b.status().lastAckedSeq).toBeGreaterThan(a.status().lastAckedSeq - 1);
  });

  it('shares awareness (presence) through the relay and removes it on release', async () => {
    const a = makeStore(gm).store.open(campaign.docs.shared);
    const b = makeStore(player).store.open(campaign.docs.shared);
    await Promise.all([synced(a), synced(b)]);
    a.awareness.setLocalStateField('user', { name: 'Gemma' });
    await eventually(() => {
      // The relay stamps the sender's id and session name into its state (SYNC-AWARENESS-2).
      expect(b.awareness.getStates().get(a.doc.clientID)).toEqual({ user: { name: 'Gemma the GM', userId: gm.id } });
    });
    const gone = a.doc.clientID;
    a.release();
    await eventually(() => {
      expect(b.awareness.getStates().has(gone)).toBe(false);
    });
  });

  it('reports pending until the ack and synced only after it (pending → acked)', async () => {
    const handle = makeStore(gm).store.open(campaign.docs.shared);
    await handle.whenLoaded;
    await synced(handle);
    const before = handle.status().lastAckedSeq;
    const seen: DocSyncStatus[] = [];
    handle.onStatus((status) => seen.push(status));
    handle.doc.getText('acks').insert(0, 'needs an ack');
    expect(handle.status()).toMatchObject({ state: 'syncing', savingLocally: 1 });
    await synced(handle);
    for (const status of seen) {
      if (status.state === 'synced') {
        expect(status.pendingUpdates).toBe(0);
        expect(status.savingLocally).toBe(0);
        expect(status.lastAckedSeq).toBeGreaterThan(before);
      }
    }
    expect(seen.some((status) => status.pendingUpdates === 1)).toBe(true);
  });

  it('after a reconnect re-sends only what was not acknowledged (SYNC-ACK-6)', async () => {
    const { store, sent } = makeStore(gm);
    const handle = store.open(campaign.docs.shared);
    await handle.whenLoaded;
    const text = handle.doc.getText('resend');
    text.insert(0, 'acknowledged part. ');
    await synced(handle);
    const ackedClock = Y.getState(handle.doc.store, handle.doc.clientID);

    store.setOnline(false);
    await eventually(() => {
      expect(handle.status().state).toBe('offline');
    });
    text.insert(text.length, 'offline part.');
    await eventually(() => {
      expect(handle.status()).toMatchObject({ state: 'offline', pendingUpdates: 1 });
    });
    const mark = sent.length;
    store.setOnline(true);
    await synced(handle);

    const uploads = decodeSent(sent.slice(mark)).filter((m) => m.type === 'update-with-ref' || m.type === 'sync-update' || m.type === 'sync-step2');
    expect(uploads).toHaveLength(1);
    const upload = uploads[0];
    if (upload?.type !== 'update-with-ref') throw new Error(`expected update-with-ref, got ${upload?.type ?? 'nothing'}`);
    // Starts at the first un-acked clock: nothing the relay acknowledged went out again.
    expect(Y.parseUpdateMeta(upload.update).from.get(handle.doc.clientID)).toBe(ackedClock);

    const other = makeStore(player).store.open(campaign.docs.shared);
    await eventually(() => {
      expect(other.doc.getText('resend').toJSON()).toBe('acknowledged part. offline part.');
    });
  });

  it('offline edits survive a reload and upload when the device comes back', async () => {
    const privateDoc = (await relay.campaignAs(player, campaign.id)).docs.private;
    const first = makeStore(player);
    const dbName = `relay-test-${backend.name}-${dbCounter}`;
    first.store.setOnline(false);
    const offline = first.store.open(privateDoc);
    await offline.whenLoaded;
    offline.doc.getText('notes').insert(0, 'my secret plan');
    await first.store.localDocIds();
    offline.release();
    first.store.destroy();

    const second = makeStore(player, { dbName });
    const reloaded = second.store.open(privateDoc);
    await reloaded.whenLoaded;
    expect(reloaded.doc.getText('notes').toJSON()).toBe('my secret plan');
    await synced(reloaded);

    const elsewhere = makeStore(player).store.open(privateDoc);
    await eventually(() => {
      expect(elsewhere.doc.getText('notes').toJSON()).toBe('my secret plan');
    });
  });

  it('three devices converge under seeded random disconnects and all end synced', async () => {
    const random = seededRandom(20261202);
    const devices = [makeStore(gm), makeStore(player), makeStore(player)];
    const handles = devices.map(({ store }) => store.open(campaign.docs.shared));
    await Promise.all(handles.map((handle) => handle.whenLoaded));
    let inserted = 0;
    for (let step = 0; step < 80; step += 1) {
      const index = Math.floor(random() * devices.length);
      const device = devices[index]!;
      const roll = random();
      if (roll < 0.15) device.store.setOnline(false);
      else if (roll < 0.3) device.store.setOnline(true);
      else {
        const text = handles[index]!.doc.getText('chaos');
        const piece = `${index}.${step};`;
        text.insert(Math.floor(random() * (text.length + 1)), piece);
        inserted += piece.length;
      }
      // Yield to the event loop now and then so frames interleave with edits (no timing asserted).
      if (step % 8 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    for (const { store } of devices) store.setOnline(true);
    await eventually(() => {
      for (const handle of handles) expect(handle.status()).toMatchObject({ state: 'synced', pendingUpdates: 0 });
      const texts = handles.map((handle) => handle.doc.getText('chaos').toJSON());
      expect(new Set(texts).size).toBe(1);
      expect(texts[0]).toHaveLength(inserted);
    });
  });

  it('a viewer edit refused as read_only leaves the outbox and is reported', async () => {
    const onError = vi.fn();
    const handle = makeStore(viewer, { onError }).store.open(campaign.docs.shared);
    await synced(handle);
    handle.doc.getText('viewer').insert(0, 'not allowed');
    await synced(handle);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: expect.stringContaining('read_only') as unknown }), 'sync');
    const reader = makeStore(gm).store.open(campaign.docs.shared);
    await synced(reader);
    expect(reader.doc.getText('viewer').toJSON()).toBe('');
  });

  it('4401: a refused token is replaced by a fresh one from getToken()', async () => {
    const tokens = ['not-a-valid-token', player.token];
    const getToken = vi.fn(() => Promise.resolve(tokens.length > 1 ? (tokens.shift() ?? player.token) : player.token));
    const onUnauthorized = vi.fn();
    const handle = makeStore(player, { getToken, onUnauthorized }).store.open(campaign.docs.shared);
    await synced(handle);
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('4401 twice: unauthorized, and onUnauthorized is called once', async () => {
    const onUnauthorized = vi.fn();
    const handle = makeStore(player, { getToken: () => Promise.resolve('still-not-a-token'), onUnauthorized }).store.open(campaign.docs.shared);
    await eventually(() => {
      expect(handle.status().state).toBe('unauthorized');
    });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('4403: a player opening the GM doc gets no content and stores nothing', async () => {
    const gmDocId = campaign.docs.gm;
    if (gmDocId === undefined) throw new Error('the GM sees the gm doc id');
    const secrets = makeStore(gm).store.open(gmDocId);
    secrets.doc.getText('notes').insert(0, 'the butler did it');
    await synced(secrets);

    const { store } = makeStore(player);
    const handle = store.open(gmDocId);
    await eventually(() => {
      expect(handle.status().state).toBe('forbidden');
    });
    expect(handle.doc.getText('notes').toJSON()).toBe('');
    expect(await store.localDocIds()).toEqual([]);
  });
});
