import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { describeDocStorageConformance } from './doc-storage.conformance';
import { IndexedDbDocStorage } from './indexeddb-doc-storage';
import { InMemoryDocStorage } from './in-memory-doc-storage';
import { LocalDb } from './local-db';

describeDocStorageConformance('InMemoryDocStorage', () => Promise.resolve({ storage: new InMemoryDocStorage(), close: () => Promise.resolve() }));

const indexedDb = { indexedDB, IDBKeyRange };
let dbCounter = 0;

describeDocStorageConformance('IndexedDbDocStorage on fake-indexeddb', () => {
  dbCounter += 1;
  const name = `doc-storage-conformance-${String(dbCounter)}`;
  let db = new LocalDb(name, indexedDb);
  return Promise.resolve({
    storage: new IndexedDbDocStorage(db),
    reopen: () => {
      db.close();
      db = new LocalDb(name, indexedDb);
      return Promise.resolve(new IndexedDbDocStorage(db));
    },
    close: () => db.delete(),
  });
});
