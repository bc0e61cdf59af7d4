import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { IndexedDbDocStorage } from './indexeddb-doc-storage';
import { DocStore } from './doc-store';
import { LocalDb } from './local-db';
import { InMemoryStash, WebStorageStash } from './unsaved-stash';
import type { UnsavedStash } from './types';

const indexedDb = { indexedDB, IDBKeyRange };
let dbCounter = 0;
const stores: DocStore[] = [];

function offlineStore(dbName: string, stash: UnsavedStash): DocStore {
  const store = new DocStore({ dbName, relayUrl: 'ws://127.0.0.1:9/v1/sync', getToken: () => Promise.resolve('unused'), indexedDb, stash });
  store.setOnline(false);
  stores.push(store);
  return store;
}

const freshDbName = () => {
  dbCounter += 1;
  return `unsaved-stash-test-${String(dbCounter)}`;
};

afterEach(() => {
  for (const store of stores.splice(0)) store.destroy();
});

/** Web Storage as a browser has it: string keys and values (Node has no localStorage). */
class MapStorage implements Storage {
  readonly #items = new Map<string, string>();
  get length(): number {
    return this.#items.size;
  }
  clear(): void {
    this.#items.clear();
  }
  getItem(key: string): string | null {
    return this.#items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.#items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.#items.delete(key);
  }
  setItem(key: string, value: string): void {
    this.#items.set(key, value);
  }
}

describe.each([
  ['InMemoryStash', () => new InMemoryStash()],
  ['WebStorageStash', () => new WebStorageStash(new MapStorage(), () => undefined)],
])('%s', (_name, createStash) => {
  it('gives back what was saved, once, byte for byte', () => {
    const stash = createStash();
    const updates = [new Uint8Array([0, 1, 2, 255]), new Uint8Array(70_000).map((_, index) => index % 251)];
    stash.save('doc-a', updates);
    expect(stash.take('doc-b')).toEqual([]);
    expect(stash.take('doc-a')).toEqual(updates);
    expect(stash.take('doc-a')).toEqual([]);
  });

  it('saving nothing clears what was stashed', () => {
    const stash = createStash();
    stash.save('doc-a', [new Uint8Array([1])]);
    stash.save('doc-a', []);
    expect(stash.take('doc-a')).toEqual([]);
  });
});

describe('WebStorageStash', () => {
  it('drops an unreadable entry and reports it, instead of failing the doc', () => {
    const storage = new MapStorage();
    const errors: string[] = [];
    const stash = new WebStorageStash(storage, (_error, context) => errors.push(context));
    storage.setItem('rpg-bot.unsaved.doc-a', '{"not":"a list"}');
    expect(stash.take('doc-a')).toEqual([]);
    expect(storage.getItem('rpg-bot.unsaved.doc-a')).toBeNull();
    expect(errors).toEqual(['dropping an unreadable stash of doc-a']);
  });

  it('a full storage loses the stash only, with a report', () => {
    const storage = new MapStorage();
    storage.setItem = () => {
      throw new DOMException('quota', 'QuotaExceededError');
    };
    const errors: string[] = [];
    const stash = new WebStorageStash(storage, (_error, context) => errors.push(context));
    stash.save('doc-a', [new Uint8Array([1])]);
    expect(errors).toEqual(['stashing 1 unsaved update(s) of doc-a']);
  });
});

describe('DocStore.stashUnsaved', () => {
  it('an edit whose IndexedDB write never landed comes back from the stash on the next open, stored and waiting to upload', async () => {
    const stash = new InMemoryStash();
    const first = offlineStore(freshDbName(), stash);
    const handle = first.open('doc-a');
    await handle.whenLoaded;
    handle.doc.getText('notes').insert(0, 'typed just before the reload');
    // The page hides at once: the write is still in flight.
    first.stashUnsaved();

    // The next page load finds IndexedDB without it (a database that never got the write).
    const dbName = freshDbName();
    const second = offlineStore(dbName, stash);
    const reopened = second.open('doc-a');
    await reopened.whenLoaded;
    expect(reopened.doc.getText('notes').toJSON()).toBe('typed just before the reload');
    await vi.waitFor(() => {
      expect(reopened.status()).toMatchObject({ pendingUpdates: 1, savingLocally: 0 });
    });
    expect(stash.take('doc-a')).toEqual([]);
    const db = new LocalDb(dbName, indexedDb);
    try {
      const stored = await new IndexedDbDocStorage(db).load('doc-a');
      const doc = new Y.Doc();
      for (const update of stored.updates) Y.applyUpdate(doc, update);
      expect(doc.getText('notes').toJSON()).toBe('typed just before the reload');
      expect(stored.pending).toHaveLength(1);
    } finally {
      db.close();
    }
  });

  it('a doc released while still writing and opened again stashes the edits of both sessions', async () => {
    const stash = new InMemoryStash();
    const store = offlineStore(freshDbName(), stash);
    const handle = store.open('doc-a');
    await handle.whenLoaded;
    handle.doc.getText('notes').insert(0, 'left behind');
    handle.release();
    // The next screen opens the same doc at once (its session waits for the released one) and the
    // user types before it has loaded.
    const again = store.open('doc-a');
    again.doc.getText('notes').insert(0, 'typed early ');
    store.stashUnsaved();
    const stashed = stash.take('doc-a');
    expect(stashed).toHaveLength(2);
    const doc = new Y.Doc();
    for (const part of stashed) Y.applyUpdate(doc, part);
    expect(doc.getText('notes').toJSON()).toContain('left behind');
    expect(doc.getText('notes').toJSON()).toContain('typed early');
    await again.whenLoaded;
    await store.localDocIds();
    expect(again.doc.getText('notes').toJSON()).toContain('left behind');
  });

  it('once IndexedDB has every edit, hiding the page stashes nothing and clears an older stash', async () => {
    const stash = new InMemoryStash();
    const store = offlineStore(freshDbName(), stash);
    const handle = store.open('doc-a');
    await handle.whenLoaded;
    handle.doc.getText('notes').insert(0, 'saved');
    store.stashUnsaved();
    await vi.waitFor(() => {
      expect(handle.status().savingLocally).toBe(0);
    });
    store.stashUnsaved();
    expect(stash.take('doc-a')).toEqual([]);
  });

  it('a stashed update the doc already holds changes nothing and stores nothing twice', async () => {
    const stash = new InMemoryStash();
    const dbName = freshDbName();
    const first = offlineStore(dbName, stash);
    const handle = first.open('doc-a');
    await handle.whenLoaded;
    handle.doc.getText('notes').insert(0, 'once');
    first.stashUnsaved();
    await first.localDocIds();
    first.destroy();

    const second = offlineStore(dbName, stash);
    const reopened = second.open('doc-a');
    await reopened.whenLoaded;
    await second.localDocIds();
    expect(reopened.doc.getText('notes').toJSON()).toBe('once');
    expect(reopened.status()).toMatchObject({ pendingUpdates: 1, savingLocally: 0 });
  });
});
