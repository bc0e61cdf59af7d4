import { DocSession } from './doc-session';
import type { DocStorage } from './doc-storage';
import { IndexedDbDocStorage } from './indexeddb-doc-storage';
import { DEFAULT_DB_NAME, LocalDb } from './local-db';
import { socketEnvironment, reportError } from './environment';
import type { SocketEnvironment } from './reconnecting-socket';
import type { DocHandle, DocStoreOptions } from './types';

const DEFAULT_COMPACT_AFTER = 100;

interface OpenDoc {
  readonly session: DocSession;
  refs: number;
}

/**
 * The campaign docs of this device: each opened doc applies its stored state first (works with
 * no network), stores every update, and syncs through the relay with durable acknowledgements.
 * Handles are ref-counted per doc id. The storage is IndexedDB (`dbName`, `indexedDb`) unless
 * `storage` is given; an injected storage is the caller's to close.
 */
export class DocStore {
  readonly #options: DocStoreOptions;
  /** The database the store opened itself (no `storage` given); closed by `destroy`. */
  readonly #db: LocalDb | undefined;
  readonly #storage: DocStorage;
  readonly #env: SocketEnvironment;
  readonly #open = new Map<string, OpenDoc>();
  /** Writes of released sessions that may still be running, per doc id. */
  readonly #settling = new Map<string, Promise<void>>();
  /** Released sessions whose writes may still be running (their unsaved updates count too). */
  readonly #closing = new Set<DocSession>();
  #online = true;
  #destroyed = false;

  constructor(options: DocStoreOptions) {
    this.#options = options;
    if (options.storage === undefined) {
      const db = new LocalDb(options.dbName ?? DEFAULT_DB_NAME, options.indexedDb);
      this.#db = db;
      this.#storage = new IndexedDbDocStorage(db);
    } else {
      this.#db = undefined;
      this.#storage = options.storage;
    }
    this.#env = socketEnvironment(options);
  }

  open(docId: string): DocHandle {
    if (this.#destroyed) throw new Error('DocStore.open after destroy()');
    let entry = this.#open.get(docId);
    if (entry === undefined) {
      const session = new DocSession({
        docId,
        relayUrl: this.#options.relayUrl,
        storage: this.#storage,
        env: this.#env,
        compactAfter: this.#options.compactAfter ?? DEFAULT_COMPACT_AFTER,
        online: this.#online,
        after: this.#settling.get(docId) ?? Promise.resolve(),
        onError: this.#options.onError ?? reportError,
        ...(this.#options.stash === undefined ? {} : { stash: this.#options.stash }),
      });
      entry = { session, refs: 0 };
      this.#open.set(docId, entry);
    }
    entry.refs += 1;
    return this.#handle(docId, entry);
  }

  /** Doc ids IndexedDB holds updates for (after the writes queued so far). */
  async localDocIds(): Promise<string[]> {
    await this.#allSettled();
    return this.#storage.docIds();
  }

  /** Deletes the doc's local data; open handles keep their in-memory doc but stop syncing and storing. */
  async forget(docId: string): Promise<void> {
    const entry = this.#open.get(docId);
    entry?.session.detach();
    await entry?.session.settled();
    await this.#settling.get(docId);
    this.#options.stash?.save(docId, []);
    await this.#storage.forget(docId);
  }

  /**
   * The page is being hidden or closed (`pagehide`, `visibilitychange` to hidden): every doc
   * synchronously stashes the local updates IndexedDB has not stored yet (see `UnsavedStash`).
   */
  stashUnsaved(): void {
    const stash = this.#options.stash;
    if (stash === undefined) return;
    // A released doc may still be writing while it is open again: one stash per doc holds both.
    const byDoc = new Map<string, Uint8Array[]>();
    for (const session of [...this.#closing, ...[...this.#open.values()].map((entry) => entry.session)]) {
      byDoc.set(session.docId, [...(byDoc.get(session.docId) ?? []), ...session.unsavedUpdates()]);
    }
    for (const [docId, updates] of byDoc) stash.save(docId, updates);
  }

  /** The shell forwards the browser's online/offline events: offline closes sockets and stops retrying. */
  setOnline(online: boolean): void {
    this.#online = online;
    for (const { session } of this.#open.values()) session.setOnline(online);
  }

  /** Closes every doc; the database the store opened closes once queued writes have finished. */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    for (const { session } of this.#open.values()) {
      session.close();
      this.#settling.set(session.docId, session.settled());
    }
    this.#open.clear();
    void this.#allSettled().finally(() => {
      this.#db?.close();
    });
  }

  async #allSettled(): Promise<void> {
    const sessions = [...this.#open.values()].map(({ session }) => session.settled());
    await Promise.all([...sessions, ...this.#settling.values()]);
  }

  #release(docId: string, entry: OpenDoc): void {
    entry.refs -= 1;
    if (entry.refs > 0 || this.#open.get(docId) !== entry) return;
    this.#open.delete(docId);
    entry.session.close();
    this.#closing.add(entry.session);
    const settled = entry.session.settled();
    this.#settling.set(docId, settled);
    void settled.then(() => {
      this.#closing.delete(entry.session);
      if (this.#settling.get(docId) === settled) this.#settling.delete(docId);
    });
  }

  #handle(docId: string, entry: OpenDoc): DocHandle {
    const { session } = entry;
    let released = false;
    return {
      docId,
      doc: session.doc,
      awareness: session.awareness,
      whenLoaded: session.whenLoaded,
      status: () => session.status(),
      onStatus: (listener) => session.onStatus(listener),
      release: () => {
        if (released) return;
        released = true;
        this.#release(docId, entry);
      },
    };
  }
}
