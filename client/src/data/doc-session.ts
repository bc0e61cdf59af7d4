import { SerialQueue } from '@rpg-bot/kit';
import { DEFAULT_MAX_DOC_BYTES } from '@rpg-bot/sync-protocol';
import type { RejectionCode } from '@rpg-bot/sync-protocol';
import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { DocStorage, PendingUpdate } from './doc-storage';
import { Listeners } from './listeners';
import { DocOutbox, isStoredId } from './outbox';
import type { SocketEnvironment } from './reconnecting-socket';
import { RelayProvider } from './relay-provider';
import { revertUpdate } from './revert-update';
import type { DocSyncStatus, SyncRefusal, SyncState, UnsavedStash } from './types';

/** Origin of the transaction that applies IndexedDB state: it must not be stored again. */
const LOCAL_LOAD = Symbol('local-load');
/** Origin of the transaction that takes a refused change back: its replacement is stored instead. */
const TAKEN_BACK = Symbol('taken-back');

export interface DocSessionOptions {
  readonly docId: string;
  readonly relayUrl: string;
  readonly storage: DocStorage;
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
 * One open doc: the Y.Doc and its awareness, storage of every update (local ones through the
 * outbox), and the relay provider, which sends from the outbox. Every write of the doc runs on one
 * serial queue, in the order the updates happened. What the relay refuses for being too large is
 * taken back here (the outbox reports refusals; see `#refused`).
 */
export class DocSession {
  readonly docId: string;
  readonly doc = new Y.Doc();
  readonly awareness: Awareness;
  readonly whenLoaded: Promise<void>;
  readonly #options: DocSessionOptions;
  readonly #provider: RelayProvider;
  /** The doc's write chain: the load, then every write (the outbox's too), one at a time. */
  readonly #writes = new SerialQueue();
  readonly #outbox: DocOutbox;
  readonly #listeners = new Listeners<[status: DocSyncStatus]>();
  #lastAckedSeq = 0;
  #rows = 0;
  #loaded = false;
  #compacting = false;
  #compaction: Promise<void> = Promise.resolve();
  #online: boolean;
  #active = true;
  #persisting = true;
  #last: DocSyncStatus;
  /** The relay's document size limit, as last announced (SYNC-FRAG-1). */
  #maxDocBytes = DEFAULT_MAX_DOC_BYTES;
  #refusal: SyncRefusal | undefined;
  /** Local changes made in this session, numbered: a refusal is cleared once a later one is acked. */
  readonly #changeNumbers = new WeakMap<Uint8Array, number>();
  #changes = 0;
  #refusedAtChange = 0;
  /** Local changes made while a take-back waits for its microtask (see `#onUpdate`). */
  #heldDuringTakeBack: Uint8Array[] | undefined;
  /** Replacements of taken-back changes: one refused in turn is dropped, not taken back again. */
  readonly #replacements = new WeakSet<Uint8Array>();

  constructor(options: DocSessionOptions) {
    this.#options = options;
    this.#online = options.online;
    this.docId = options.docId;
    this.awareness = new Awareness(this.doc);
    const outbox = new DocOutbox({ docId: options.docId, storage: options.storage, writes: this.#writes, onError: options.onError });
    this.#outbox = outbox;
    this.#provider = new RelayProvider({
      docId: options.docId,
      relayUrl: options.relayUrl,
      doc: this.doc,
      awareness: this.awareness,
      env: options.env,
      outbox,
    });
    outbox.onAppended((entry) => {
      if (isStoredId(entry.id)) this.#rows += 1;
      this.#maybeCompact();
    });
    outbox.onAcked((entries, seq) => {
      this.#acked(entries, seq);
    });
    outbox.onRefused((entries, code) => {
      this.#refused(entries, code);
    });
    outbox.onChange(() => {
      this.#emit();
    });
    this.#provider.onLimits((limits) => {
      this.#maxDocBytes = limits.maxDocBytes;
    });
    this.#provider.onChange(() => {
      this.#emit();
    });
    if (!options.online) this.#provider.setOnline(false);
    this.doc.on('update', this.#onUpdate);
    // The first task of the chain: every write waits for the load (and the load for the previous session).
    this.whenLoaded = this.#writes.run(() => options.after.then(() => this.#load()));
    this.#last = this.#compute();
  }

  /** Resolves when every write queued so far has settled. */
  settled(): Promise<void> {
    return Promise.all([this.#writes.idle(), this.#compaction]).then(() => undefined);
  }

  status(): DocSyncStatus {
    return this.#last;
  }

  onStatus(listener: (status: DocSyncStatus) => void): () => void {
    return this.#listeners.add(listener);
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
    this.#outbox.stop();
  }

  /** Local updates IndexedDB has not stored yet, oldest first (none once detached). */
  unsavedUpdates(): Uint8Array[] {
    return this.#outbox.unsaved();
  }

  async #load(): Promise<void> {
    const loaded = await this.#options.storage.load(this.docId);
    if (loaded.updates.length > 0) {
      this.doc.transact(() => {
        for (const update of loaded.updates) Y.applyUpdate(this.doc, update, LOCAL_LOAD);
      }, LOCAL_LOAD);
    }
    this.#outbox.restore(loaded.pending);
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
    if (origin === LOCAL_LOAD || origin === TAKEN_BACK || !this.#persisting) return;
    if (origin === this.#provider) {
      const { storage } = this.#options;
      const docId = this.docId;
      this.#enqueue('storing a remote update', async () => {
        await storage.appendRemote(docId, update);
        this.#rows += 1;
      });
      return;
    }
    const held = this.#heldDuringTakeBack;
    if (held !== undefined) {
      held.push(update);
      return;
    }
    // One change longer than the whole doc may be can never be uploaded: taken back at once,
    // before it is stored or sent (SYNC-FRAG-4 would refuse it on its first fragment anyway).
    if (update.byteLength > this.#maxDocBytes) {
      // Not inside this event: the editor that made the change is still in its own update (a
      // CodeMirror dispatch), and would miss the deletion. What else happens before the microtask
      // is held back, so the replacement is stored first (those changes may depend on its ids).
      this.#heldDuringTakeBack = [];
      queueMicrotask(() => {
        const later = this.#heldDuringTakeBack ?? [];
        this.#heldDuringTakeBack = undefined;
        if (!this.#active || !this.#persisting) return;
        this.#takeBack(update, 'doc_too_large');
        for (const next of later) this.#onUpdate(next, null);
      });
      return;
    }
    this.#changes += 1;
    this.#changeNumbers.set(update, this.#changes);
    this.#outbox.add(update);
  };

  /**
   * Takes a change back that the relay will not store: deleted here, its content-free replacement
   * stored and uploaded instead (later edits may depend on its ids), and the refusal shown.
   */
  #takeBack(update: Uint8Array, code: RejectionCode): void {
    let replacement: Uint8Array;
    try {
      replacement = revertUpdate(this.doc, update, TAKEN_BACK);
    } catch (error) {
      this.#options.onError(error, `taking back a refused change of ${this.docId}`);
      return;
    }
    this.#refusal = { code, bytes: update.byteLength, maxDocBytes: this.#maxDocBytes };
    this.#refusedAtChange = this.#changes;
    this.#replacements.add(replacement);
    this.#outbox.add(replacement);
  }

  /** The relay acknowledged these (they left the outbox, which records the ack in the storage). */
  #acked(entries: readonly PendingUpdate[], seq: number): void {
    if (this.#refusal !== undefined) {
      // A change made after the refusal reached the server: the status line has moved on.
      const later = entries.some((entry) => (this.#changeNumbers.get(entry.update) ?? 0) > this.#refusedAtChange);
      if (later) this.#refusal = undefined;
    }
    this.#lastAckedSeq = Math.max(this.#lastAckedSeq, seq);
  }

  /** The relay refused these for good (they left the outbox); too large ones are taken back here and on the device. */
  #refused(refused: readonly PendingUpdate[], code: RejectionCode): void {
    if (code !== 'doc_too_large') {
      this.#options.onError(new Error(`the relay refused ${refused.length} update(s) of ${this.docId}: ${code}`), 'sync');
      return;
    }
    // The doc is full: take the changes back so that everything typed afterwards still syncs.
    let stored = false;
    for (const entry of refused) {
      if (this.#replacements.has(entry.update)) {
        this.#refusal = { code, bytes: entry.update.byteLength, maxDocBytes: this.#maxDocBytes };
        this.#refusedAtChange = this.#changes;
      } else {
        this.#takeBack(entry.update, code);
        stored ||= isStoredId(entry.id);
      }
    }
    // The device stored what was taken back: once the replacements are stored too (they are ahead
    // on the write chain), the taken-back bytes are dropped from the device as well.
    if (stored) {
      const { storage } = this.#options;
      const docId = this.docId;
      this.#enqueue('dropping a taken-back change from the device', async () => {
        this.#rows = await storage.compact(docId, { collectGarbage: true });
      });
    }
  }

  #enqueue(context: string, task: () => Promise<void>): void {
    void this.#writes.run(async () => {
      if (!this.#persisting) return;
      try {
        await task();
      } catch (error) {
        this.#options.onError(error, `${context} (${this.docId})`);
      }
      this.#maybeCompact();
    });
  }

  /** Background compaction; the storage serialises it with every append, so nothing is lost. */
  #maybeCompact(): void {
    if (this.#compacting || !this.#persisting || this.#rows <= this.#options.compactAfter) return;
    this.#compacting = true;
    const { storage } = this.#options;
    const compaction = storage
      .compact(this.docId)
      .then(() => storage.rowCount(this.docId))
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
    const pendingUpdates = this.#outbox.entries().length;
    const pendingChanges = this.#outbox.changes();
    const savingLocally = this.#outbox.writing();
    const state = this.#state(pendingUpdates + savingLocally);
    const status = { state, pendingUpdates, pendingChanges, savingLocally, lastAckedSeq: this.#lastAckedSeq };
    return this.#refusal === undefined ? status : { ...status, refusal: this.#refusal };
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
      next.pendingChanges === last.pendingChanges &&
      next.savingLocally === last.savingLocally &&
      next.lastAckedSeq === last.lastAckedSeq &&
      next.refusal === last.refusal
    ) {
      return;
    }
    this.#last = next;
    this.#listeners.emit(next);
  }
}
