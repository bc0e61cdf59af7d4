import type { SerialQueue } from '@rpg-bot/kit';
import type { RejectionCode } from '@rpg-bot/sync-protocol';
import { countChanges, startsChange } from './doc-storage';
import type { DocStorage, PendingUpdate } from './doc-storage';
import { Listeners } from './listeners';

/**
 * The port the relay provider sends local updates from: what is waiting for the relay's
 * acknowledgement, and where the relay's answers go. Its entries survive reloads (they are the
 * stored outbox), so after a reconnect exactly the un-acknowledged updates go out again.
 */
export interface Outbox {
  /** Local updates not yet acknowledged, oldest first. */
  entries(): readonly PendingUpdate[];
  /** Local updates still being written; each becomes an entry shortly (and `onAppended` fires). */
  writing(): number;
  /** The relay acknowledged these (durably stored them) as of `seq`. */
  acknowledge(ids: readonly number[], seq: number): void;
  /** The relay refused these for good (`rejectionCodes[code].retryable` is false). */
  refuse(ids: readonly number[], code: RejectionCode): void;
  /** An entry was appended: the provider sends it when the connection is ready. */
  onAppended(listener: () => void): () => void;
}

/** Stored by the `DocStorage` (a positive id) rather than only kept in memory (a negative one). */
export const isStoredId = (id: number): boolean => id > 0;

export interface DocOutboxOptions {
  readonly docId: string;
  readonly storage: DocStorage;
  /** The doc's serial write chain, shared with the session's other writes of the doc. */
  readonly writes: SerialQueue;
  readonly onError: (error: unknown, context: string) => void;
  /** The clock a local update's time is taken from (`PendingUpdate.madeAt`); `Date.now` by default. */
  readonly now?: () => number;
}

/**
 * The outbox of one open doc. A local update is stored (`DocStorage.appendLocal`: in the doc's
 * updates and its outbox at once) and becomes an entry once the write has landed — durable before
 * it is uploaded, so an acknowledged update was stored here first. An update the storage refuses
 * is kept in memory under a negative id and still uploaded (it is lost on a reload, not before).
 * Acks and refusals remove entries and are recorded in the storage, and reported to the session
 * (`onAcked`, `onRefused`). Every write runs on the doc's write chain, in the order it happened.
 */
export class DocOutbox implements Outbox {
  readonly #options: DocOutboxOptions;
  #entries: PendingUpdate[] = [];
  /** `countChanges(#entries)`, kept as entries come and go. */
  #changes = 0;
  /** Local updates the storage has not stored yet (what the store stashes when the page hides). */
  readonly #unsaved = new Set<Uint8Array>();
  /** Local updates still being written (they count as pending). */
  #writing = 0;
  /** Ids for updates the storage refused to store: they are still uploaded, from memory. */
  #memoryIds = 0;
  #restored = false;
  #stopped = false;
  readonly #appended = new Listeners<[entry: PendingUpdate]>();
  readonly #acked = new Listeners<[entries: readonly PendingUpdate[], seq: number]>();
  readonly #refused = new Listeners<[entries: readonly PendingUpdate[], code: RejectionCode]>();
  readonly #changed = new Listeners();

  constructor(options: DocOutboxOptions) {
    this.#options = options;
  }

  entries(): readonly PendingUpdate[] {
    return this.#entries;
  }

  writing(): number {
    return this.#writing;
  }

  /** The entries counted as a person counts changes (`countChanges`): what the status line shows. */
  changes(): number {
    return this.#changes;
  }

  /** Local updates the storage has not stored yet, oldest first (none once stopped). */
  unsaved(): Uint8Array[] {
    return [...this.#unsaved];
  }

  /**
   * The entries the storage held when the doc was loaded (`LoadedDoc.pending`), before those
   * appended since. Until then a local update waits for the load to write (see `add`).
   */
  restore(entries: readonly PendingUpdate[]): void {
    this.#entries = [...entries, ...this.#entries];
    this.#changes = countChanges(this.#entries);
    this.#restored = true;
  }

  /** Stores a local update, then appends it as an entry (and tells `onAppended`). */
  add(update: Uint8Array): void {
    if (this.#stopped) return;
    const { storage, docId } = this.#options;
    const madeAt = (this.#options.now ?? Date.now)();
    this.#writing += 1;
    this.#unsaved.add(update);
    this.#changed.emit();
    // The write starts now, not when the chain reaches it, which keeps the window in which a
    // reload or closed tab aborts it short (what is still unstored when the page hides is
    // stashed: DocStore.stashUnsaved). IndexedDB runs read-write transactions on the same stores
    // in creation order, so the rows keep the order of the updates; the chain only does the
    // bookkeeping, in that same order. Before the load the write waits, so the load cannot read it
    // and count it twice.
    const started = this.#restored ? storage.appendLocal(docId, update, madeAt) : undefined;
    started?.catch(() => undefined); // answered in the chain below
    this.#write('storing a local update', async () => {
      let id: number;
      try {
        id = await (started ?? storage.appendLocal(docId, update, madeAt));
        this.#unsaved.delete(update);
      } catch (error) {
        this.#memoryIds -= 1;
        id = this.#memoryIds;
        this.#options.onError(error, `storing a local update of ${docId}; it is kept in memory`);
      }
      this.#writing -= 1;
      const entry = { id, update, madeAt };
      const previous = this.#entries.at(-1);
      this.#entries.push(entry);
      if (startsChange(previous?.madeAt, madeAt)) this.#changes += 1;
      this.#appended.emit(entry);
      this.#changed.emit();
    });
  }

  acknowledge(ids: readonly number[], seq: number): void {
    const acked = this.#take(ids);
    const stored = ids.filter(isStoredId);
    const { storage, docId } = this.#options;
    this.#write('recording an ack', () => storage.acknowledge(docId, stored, seq));
    this.#acked.emit(acked, seq);
    this.#changed.emit();
  }

  refuse(ids: readonly number[], code: RejectionCode): void {
    const refused = this.#take(ids);
    const stored = ids.filter(isStoredId);
    const { storage, docId } = this.#options;
    this.#write('discarding refused updates', () => storage.discard(docId, stored));
    this.#refused.emit(refused, code);
    this.#changed.emit();
  }

  /** Stops writing: the device is about to delete the doc's data. Queued writes are skipped. */
  stop(): void {
    this.#stopped = true;
    this.#unsaved.clear();
  }

  onAppended(listener: (entry: PendingUpdate) => void): () => void {
    return this.#appended.add(listener);
  }

  /** Entries the relay acknowledged (already removed), and the seq it acknowledged them at. */
  onAcked(listener: (entries: readonly PendingUpdate[], seq: number) => void): () => void {
    return this.#acked.add(listener);
  }

  /** Entries the relay refused for good (already removed), and why. */
  onRefused(listener: (entries: readonly PendingUpdate[], code: RejectionCode) => void): () => void {
    return this.#refused.add(listener);
  }

  /** `entries()` or `writing()` changed. */
  onChange(listener: () => void): () => void {
    return this.#changed.add(listener);
  }

  /** Removes and returns the entries with these ids. */
  #take(ids: readonly number[]): PendingUpdate[] {
    const done = new Set(ids);
    const taken = this.#entries.filter((entry) => done.has(entry.id));
    if (taken.length === 0) return taken;
    this.#entries = this.#entries.filter((entry) => !done.has(entry.id));
    this.#changes = countChanges(this.#entries);
    return taken;
  }

  #write(context: string, task: () => Promise<void>): void {
    void this.#options.writes.run(async () => {
      if (this.#stopped) return;
      try {
        await task();
      } catch (error) {
        this.#options.onError(error, `${context} (${this.#options.docId})`);
      }
    });
  }
}
