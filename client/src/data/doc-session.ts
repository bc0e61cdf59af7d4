import type { RejectionCode } from '@rpg-bot/sync-protocol';
import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { DocPersistence, PendingUpdate } from './doc-persistence';
import type { SocketEnvironment } from './reconnecting-socket';
import { RelayProvider } from './relay-provider';
import type { DocSyncStatus, SyncState, UnsavedStash } from './types';

/** Origin of the transaction that applies IndexedDB state: it must not be stored again. */
const LOCAL_LOAD = Symbol('local-load');

export interface DocSessionOptions {
  readonly docId: string;
  readonly relayUrl: string;
  readonly persistence: DocPersistence;
  readonly env: SocketEnvironment;
  readonly compactAfter: number;
  readonly online: boolean;
  /** The previous session of the same doc finished writing (a reopen must see its updates). */
  readonly after: Promise<void>;
  readonly onError: (error: unknown, context: string) => void;
  /** What a hidden or closed page stashed of this doc (see `UnsavedStash`): applied on load. */
  readonly stash?: UnsavedStash;
}

/**
 * One open doc: the Y.Doc and its awareness, persistence of every update (local ones also into the
 * outbox), and the relay provider. Every IndexedDB write of the doc runs on one promise chain, in
 * the order the updates happened.
 */
export class DocSession {
  readonly docId: string;
  readonly doc = new Y.Doc();
  readonly awareness: Awareness;
  readonly whenLoaded: Promise<void>;
  readonly #options: DocSessionOptions;
  readonly #provider: RelayProvider;
  readonly #listeners = new Set<(status: DocSyncStatus) => void>();
  #chain: Promise<void>;
  #pending: PendingUpdate[] = [];
  /** Local updates IndexedDB has not stored yet (what the store stashes when the page hides). */
  readonly #unsaved = new Set<Uint8Array>();
  /** Local updates still being written to IndexedDB (they count as pending). */
  #unpersisted = 0;
  /** Ids for updates IndexedDB refused to store: they are still uploaded, from memory. */
  #memoryIds = 0;
  #lastAckedSeq = 0;
  #rows = 0;
  #loaded = false;
  #compacting = false;
  #compaction: Promise<void> = Promise.resolve();
  #online: boolean;
  #active = true;
  #persisting = true;
  #last: DocSyncStatus;

  constructor(options: DocSessionOptions) {
    this.#options = options;
    this.#online = options.online;
    this.docId = options.docId;
    this.awareness = new Awareness(this.doc);
    this.#provider = new RelayProvider({
      docId: options.docId,
      relayUrl: options.relayUrl,
      doc: this.doc,
      awareness: this.awareness,
      env: options.env,
      host: {
        pending: () => this.#pending,
        writing: () => this.#unpersisted,
        acked: (ids, seq) => {
          this.#acked(ids, seq);
        },
        refused: (ids, code) => {
          this.#refused(ids, code);
        },
        changed: () => {
          this.#emit();
        },
      },
    });
    if (!options.online) this.#provider.setOnline(false);
    this.doc.on('update', this.#onUpdate);
    const loading = options.after.then(() => this.#load());
    this.#chain = loading.catch(() => undefined);
    this.whenLoaded = loading;
    this.#last = this.#compute();
  }

  /** Resolves when every write queued so far has settled. */
  settled(): Promise<void> {
    return Promise.all([this.#chain, this.#compaction]).then(() => undefined);
  }

  status(): DocSyncStatus {
    return this.#last;
  }

  onStatus(listener: (status: DocSyncStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  setOnline(online: boolean): void {
    this.#online = online;
    this.#provider.setOnline(online);
  }

  /** Disconnects and frees the doc; queued writes still complete (see `settled`). */
  close(): void {
    if (!this.#active) return;
    this.#active = false;
    removeAwarenessStates(this.awareness, [this.doc.clientID], 'close');
    this.#provider.stop();
    this.doc.off('update', this.#onUpdate);
    this.awareness.destroy();
    this.doc.destroy();
    this.#listeners.clear();
  }

  /** Stops syncing and writing: the device is about to delete the doc's data. */
  detach(): void {
    this.#persisting = false;
    this.#provider.stop();
    this.#unsaved.clear();
  }

  /** Local updates IndexedDB has not stored yet, oldest first (none once detached). */
  unsavedUpdates(): Uint8Array[] {
    return [...this.#unsaved];
  }

  async #load(): Promise<void> {
    const loaded = await this.#options.persistence.load(this.docId);
    if (loaded.updates.length > 0) {
      this.doc.transact(() => {
        for (const update of loaded.updates) Y.applyUpdate(this.doc, update, LOCAL_LOAD);
      }, LOCAL_LOAD);
    }
    this.#pending = [...loaded.pending, ...this.#pending];
    this.#lastAckedSeq = Math.max(this.#lastAckedSeq, loaded.lastAckedSeq);
    this.#rows += loaded.rows;
    this.#loaded = true;
    this.#applyStash();
    if (this.#active && this.#persisting) this.#provider.start();
    this.#emit();
    this.#maybeCompact();
  }

  /** Edits the last page stashed before IndexedDB had them: applied as local edits, so stored and uploaded. */
  #applyStash(): void {
    const stashed = this.#options.stash?.take(this.docId) ?? [];
    if (stashed.length === 0 || !this.#active || !this.#persisting) return;
    try {
      this.doc.transact(() => {
        for (const update of stashed) Y.applyUpdate(this.doc, update);
      });
    } catch (error) {
      this.#options.onError(error, `applying the stashed unsaved updates of ${this.docId}`);
    }
  }

  readonly #onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === LOCAL_LOAD || !this.#persisting) return;
    const { persistence } = this.#options;
    const docId = this.docId;
    if (origin === this.#provider) {
      this.#enqueue('storing a remote update', async () => {
        await persistence.appendRemote(docId, update);
        this.#rows += 1;
      });
      return;
    }
    this.#unpersisted += 1;
    this.#unsaved.add(update);
    this.#emit();
    // The IndexedDB write starts now, not when the chain reaches it, which keeps the window in
    // which a reload or closed tab aborts it short (what is still unstored when the page hides is
    // stashed: DocStore.stashUnsaved). IndexedDB runs read-write transactions on the same stores
    // in creation order, so the rows keep the order of the updates; the chain only does the
    // bookkeeping, in that same order. Before the load the write waits, so the load cannot read it
    // and count it twice.
    const started = this.#loaded ? persistence.appendLocal(docId, update) : undefined;
    started?.catch(() => undefined); // answered in the chain below
    this.#enqueue('storing a local update', async () => {
      let id: number;
      try {
        id = await (started ?? persistence.appendLocal(docId, update));
        this.#rows += 1;
        this.#unsaved.delete(update);
      } catch (error) {
        this.#memoryIds -= 1;
        id = this.#memoryIds;
        this.#options.onError(error, `storing a local update of ${docId}; it is kept in memory`);
      }
      this.#unpersisted -= 1;
      this.#pending.push({ id, update });
      this.#provider.flush();
      this.#emit();
    });
  };

  #acked(ids: readonly number[], seq: number): void {
    const done = new Set(ids);
    this.#pending = this.#pending.filter((entry) => !done.has(entry.id));
    this.#lastAckedSeq = Math.max(this.#lastAckedSeq, seq);
    const stored = ids.filter((id) => id > 0);
    this.#enqueue('recording an ack', () => this.#options.persistence.acknowledge(this.docId, stored, seq));
  }

  #refused(ids: readonly number[], code: RejectionCode): void {
    const done = new Set(ids);
    this.#pending = this.#pending.filter((entry) => !done.has(entry.id));
    this.#options.onError(new Error(`the relay refused ${ids.length} update(s) of ${this.docId}: ${code}`), 'sync');
    const stored = ids.filter((id) => id > 0);
    this.#enqueue('discarding refused updates', () => this.#options.persistence.discard(stored));
  }

  #enqueue(context: string, task: () => Promise<void>): void {
    this.#chain = this.#chain.then(async () => {
      if (!this.#persisting) return;
      try {
        await task();
      } catch (error) {
        this.#options.onError(error, `${context} (${this.docId})`);
      }
      this.#maybeCompact();
    });
  }

  /** Background compaction; IndexedDB serialises it with every append, so nothing is lost. */
  #maybeCompact(): void {
    if (this.#compacting || !this.#persisting || this.#rows <= this.#options.compactAfter) return;
    this.#compacting = true;
    const { persistence } = this.#options;
    const compaction = persistence
      .compact(this.docId)
      .then(() => persistence.rowCount(this.docId))
      .then(
        (rows) => {
          this.#rows = rows;
        },
        (error: unknown) => {
          this.#options.onError(error, `compacting ${this.docId}`);
        },
      )
      .finally(() => {
        this.#compacting = false;
      });
    // Appends do not wait for it; forget and reopen do (through `settled`).
    this.#compaction = compaction;
  }

  #compute(): DocSyncStatus {
    const pendingUpdates = this.#pending.length;
    const savingLocally = this.#unpersisted;
    return { state: this.#state(pendingUpdates + savingLocally), pendingUpdates, savingLocally, lastAckedSeq: this.#lastAckedSeq };
  }

  #state(pendingUpdates: number): SyncState {
    const phase = this.#provider.phase();
    switch (phase) {
      case 'ready':
        return pendingUpdates === 0 && this.#provider.inflight() === 0 ? 'synced' : 'syncing';
      case 'stopped':
        return 'offline';
      case 'offline':
        return !this.#loaded && this.#online && this.#active ? 'connecting' : 'offline';
      default:
        return phase;
    }
  }

  #emit(): void {
    const next = this.#compute();
    const last = this.#last;
    if (
      next.state === last.state &&
      next.pendingUpdates === last.pendingUpdates &&
      next.savingLocally === last.savingLocally &&
      next.lastAckedSeq === last.lastAckedSeq
    ) {
      return;
    }
    this.#last = next;
    for (const listener of [...this.#listeners]) listener(next);
  }
}
