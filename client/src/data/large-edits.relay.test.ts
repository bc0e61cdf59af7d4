// Integration (issue 8 §2): edits of any size a user can make reach the relay — in fragments when
// they are longer than a frame — and one the relay will never store is taken back on the device,
// explained in the status, and never wedges the outbox. Real relay, real sockets, fake-indexeddb.
import type { Campaign } from '@rpg-bot/contracts';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DocStore } from './doc-store';
import { IndexedDbDocStorage } from './indexeddb-doc-storage';
import { LocalDb } from './local-db';
import { bootRelay, NodeWebSocket, testBackends } from './relay-harness.test-support';
import type { RelayHarness, TestUser } from './relay-harness.test-support';
import type { DocHandle } from './types';

const MiB = 1024 * 1024;
/** The relay of these tests: 1 MiB frames (the default) and docs of at most 4 MiB. */
const DOC_LIMIT = 4 * MiB;

const eventually = (assertion: () => void | Promise<void>) => vi.waitFor(assertion, { timeout: 30_000, interval: 25 });
const text = (bytes: number, seed: string) => `${seed} `.repeat(Math.ceil(bytes / (seed.length + 1))).slice(0, bytes);

let dbCounter = 0;

describe.each(testBackends('client/data large edits'))('large edits against the relay on $name', (backend) => {
  let relay: RelayHarness;
  let gm: TestUser;
  let player: TestUser;
  let campaign: Campaign;
  const stores: DocStore[] = [];
  const dbNames = new WeakMap<DocStore, string>();

  const device = (user: TestUser) => {
    dbCounter += 1;
    const dbName = `large-edits-${backend.name}-${dbCounter}`;
    const store = new DocStore({
      dbName,
      relayUrl: relay.syncUrl,
      getToken: () => Promise.resolve(user.token),
      indexedDb: { indexedDB, IDBKeyRange },
      WebSocketImpl: NodeWebSocket,
      backoff: { baseMs: 20, maxMs: 200 },
      onError: () => undefined,
    });
    stores.push(store);
    dbNames.set(store, dbName);
    return store;
  };
  /** The bytes the device's IndexedDB holds for the doc, read through a second connection. */
  const storedBytes = async (store: DocStore, docId: string) => {
    const db = new LocalDb(dbNames.get(store) ?? '', { indexedDB, IDBKeyRange });
    try {
      const loaded = await new IndexedDbDocStorage(db).load(docId);
      return loaded.updates.reduce((sum, update) => sum + update.byteLength, 0);
    } finally {
      db.close();
    }
  };
  const synced = (handle: DocHandle) =>
    eventually(() => {
      expect(handle.status()).toMatchObject({ state: 'synced', pendingUpdates: 0, savingLocally: 0 });
    });

  beforeAll(async () => {
    relay = await bootRelay(backend, { SYNC_MAX_DOC_BYTES: String(DOC_LIMIT) });
    gm = await relay.signIn('Gemma the GM');
    player = await relay.signIn('Pip the player');
    campaign = await relay.createCampaign(gm, 'Large edits');
    await relay.join(gm, campaign, player, 'player');
  });
  afterEach(() => {
    for (const store of stores.splice(0)) store.destroy();
  });
  afterAll(async () => {
    await relay.close();
  });

  it('a 3 MB paste (three times the frame limit) is saved to the server and a second member sees all of it', async () => {
    const docId = campaign.docs.shared;
    const writer = device(gm).open(docId);
    await writer.whenLoaded;
    await synced(writer);
    const pasted = text(3 * MiB, 'The lich waits in the crypt.');
    writer.doc.getText('notes').insert(0, pasted);
    await synced(writer);
    expect(writer.status().refusal).toBeUndefined();
    const reader = device(player).open(docId);
    await eventually(() => { expect(reader.doc.getText('notes').length).toBe(pasted.length); });
    expect(reader.doc.getText('notes').toJSON()).toBe(pasted);
    writer.release();
    reader.release();
  });

  it('a paste larger than the doc may be is taken back at once, the status says why, and later edits still sync', async () => {
    const docId = campaign.docs.gm ?? '';
    const writer = device(gm).open(docId);
    await writer.whenLoaded;
    await synced(writer);
    const notes = writer.doc.getText('notes');
    notes.insert(0, 'Before. ');
    await synced(writer);
    notes.insert(notes.length, text(5 * MiB, 'Too much lore.'));
    // Typed in the same tick, right after the paste: it depends on the paste's ids, is held back
    // until the paste is taken back, and must still sync.
    notes.insert(notes.length, 'After.');
    await Promise.resolve();
    // Taken back before anything else happens: nothing of it is stored or waiting to upload.
    expect(notes.toJSON()).toBe('Before. After.');
    expect(writer.status().refusal).toEqual({ code: 'doc_too_large', bytes: expect.any(Number) as number, maxDocBytes: DOC_LIMIT });
    expect(writer.status().refusal?.bytes).toBeGreaterThan(5 * MiB);
    notes.insert(notes.length, ' And more.');
    // The refusal is shown until a change made after it is saved on the server.
    await synced(writer);
    expect(writer.status().refusal).toBeUndefined();
    const reader = device(gm).open(docId);
    await eventually(() => { expect(reader.doc.getText('notes').toJSON()).toBe('Before. After. And more.'); });
    writer.release();
    reader.release();
  });

  it('a paste that fits alone but not in what the doc has left is refused by the relay, taken back, and the outbox is not wedged', async () => {
    const docId = campaign.docs.private;
    const writerDevice = device(gm);
    const writer = writerDevice.open(docId);
    await writer.whenLoaded;
    await synced(writer);
    const notes = writer.doc.getText('notes');
    notes.insert(0, text(3 * MiB, 'First volume.'));
    await synced(writer);
    notes.insert(notes.length, text(2 * MiB, 'Second volume.'));
    await eventually(() => { expect(writer.status().refusal?.code).toBe('doc_too_large'); });
    expect(notes.length).toBe(3 * MiB);
    notes.insert(notes.length, ' The end.');
    await synced(writer);
    // The device dropped the taken-back 2 MiB too: it holds the first volume and little else.
    await eventually(async () => { expect(await storedBytes(writerDevice, docId)).toBeLessThan(3 * MiB + 64 * 1024); });
    const reader = device(gm).open(docId);
    await eventually(() => { expect(reader.doc.getText('notes').length).toBe(3 * MiB + ' The end.'.length); });
    expect(reader.doc.getText('notes').toJSON().endsWith('First volume. The end.'.slice(-9))).toBe(true);
    writer.release();
    reader.release();
  });
});
