import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { IndexedDbDocStorage } from './indexeddb-doc-storage';
import { DocStore } from './doc-store';
import { InMemoryDocStorage } from './in-memory-doc-storage';
import { LocalDb } from './local-db';
import type { DocStoreOptions } from './types';

const indexedDb = { indexedDB, IDBKeyRange };
let dbCounter = 0;
const stores: DocStore[] = [];
const dbs: LocalDb[] = [];

/** A store that never reaches a relay: the device is offline from the start. */
function offlineStore(dbName: string, extra: Partial<DocStoreOptions> = {}): DocStore {
  const store = new DocStore({
    dbName,
    relayUrl: 'ws://127.0.0.1:9/v1/sync',
    getToken: () => Promise.resolve('unused'),
    indexedDb,
    ...extra,
  });
  store.setOnline(false);
  stores.push(store);
  return store;
}

function freshDbName(): string {
  dbCounter += 1;
  return `doc-store-test-${dbCounter}`;
}

function localDb(name: string): LocalDb {
  const db = new LocalDb(name, indexedDb);
  dbs.push(db);
  return db;
}

/** Closes the store and waits until its queued writes are in IndexedDB ("the tab was closed"). */
async function closeStore(store: DocStore): Promise<void> {
  await store.localDocIds();
  store.destroy();
}

afterEach(() => {
  for (const store of stores.splice(0)) store.destroy();
  for (const db of dbs.splice(0)) db.close();
});

describe('DocStore offline', () => {
  it('applies IndexedDB state on open and keeps offline edits across a reload', async () => {
    const dbName = freshDbName();
    const first = offlineStore(dbName);
    const handle = first.open('doc-a');
    await handle.whenLoaded;
    handle.doc.getText('notes').insert(0, 'written offline');
    handle.doc.getText('notes').insert(0, '> ');
    // Made but not yet committed to IndexedDB: "saving", not "saved on this device".
    expect(handle.status()).toMatchObject({ state: 'offline', pendingUpdates: 0, savingLocally: 2, lastAckedSeq: 0 });
    await vi.waitFor(() => {
      expect(handle.status()).toMatchObject({ state: 'offline', pendingUpdates: 2, savingLocally: 0 });
    });
    handle.release();
    await closeStore(first);

    const second = offlineStore(dbName);
    const reopened = second.open('doc-a');
    await reopened.whenLoaded;
    expect(reopened.doc.getText('notes').toJSON()).toBe('> written offline');
    // Still waiting for the relay: both updates are pending after the reload — one change, as a person counts.
    expect(reopened.status()).toEqual({ state: 'offline', pendingUpdates: 2, pendingChanges: 1, savingLocally: 0, lastAckedSeq: 0 });
    expect(await second.localDocIds()).toEqual(['doc-a']);
  });

  it('stores nothing for a doc that was only opened', async () => {
    const store = offlineStore(freshDbName());
    const handle = store.open('looked-at');
    await handle.whenLoaded;
    handle.awareness.setLocalStateField('user', { name: 'Pip' });
    handle.release();
    expect(await store.localDocIds()).toEqual([]);
  });

  it('hands out ref-counted handles: the doc lives until the last release', async () => {
    const store = offlineStore(freshDbName());
    const a = store.open('shared');
    const b = store.open('shared');
    expect(b.doc).toBe(a.doc);
    a.release();
    a.release(); // a second release of the same handle is a no-op
    b.doc.getText('notes').insert(0, 'still open');
    await b.whenLoaded;
    b.release();
    const c = store.open('shared');
    expect(c.doc).not.toBe(a.doc);
    await c.whenLoaded;
    expect(c.doc.getText('notes').toJSON()).toBe('still open');
  });

  it('compacts many update rows into few without losing content', async () => {
    const dbName = freshDbName();
    const store = offlineStore(dbName, { compactAfter: 5 });
    const handle = store.open('long');
    await handle.whenLoaded;
    const text = handle.doc.getText('notes');
    for (let i = 0; i < 40; i += 1) text.insert(text.length, `line ${i}\n`);
    handle.release();
    await closeStore(store);

    const db = localDb(dbName);
    const storage = new IndexedDbDocStorage(db);
    expect(await storage.rowCount('long')).toBeLessThanOrEqual(6);
    expect((await storage.meta('long'))?.compactions).toBeGreaterThan(0);
    const loaded = await storage.load('long');
    // Pending updates are kept one by one: compaction touches stored rows, not the outbox.
    expect(loaded.pending).toHaveLength(40);
    const doc = new Y.Doc();
    for (const update of loaded.updates) Y.applyUpdate(doc, update);
    expect(doc.getText('notes').toJSON()).toBe(Array.from({ length: 40 }, (_, i) => `line ${i}\n`).join(''));
  });

  it('forget deletes the doc from IndexedDB', async () => {
    const store = offlineStore(freshDbName());
    const handle = store.open('gone');
    await handle.whenLoaded;
    handle.doc.getText('notes').insert(0, 'x');
    const kept = store.open('kept');
    await kept.whenLoaded;
    kept.doc.getText('notes').insert(0, 'y');
    expect((await store.localDocIds()).sort()).toEqual(['gone', 'kept']);
    await store.forget('gone');
    expect(await store.localDocIds()).toEqual(['kept']);
  });

  it('keeps docs in an injected storage, which outlives the store', async () => {
    const storage = new InMemoryDocStorage();
    const first = offlineStore(freshDbName(), { storage });
    const handle = first.open('doc-a');
    await handle.whenLoaded;
    handle.doc.getText('notes').insert(0, 'kept in memory');
    handle.release();
    await closeStore(first);
    expect(await storage.docIds()).toEqual(['doc-a']);

    const second = offlineStore(freshDbName(), { storage });
    const reopened = second.open('doc-a');
    await reopened.whenLoaded;
    expect(reopened.doc.getText('notes').toJSON()).toBe('kept in memory');
    expect(reopened.status()).toMatchObject({ state: 'offline', pendingUpdates: 1, savingLocally: 0 });
  });
});
