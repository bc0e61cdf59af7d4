import * as Y from 'yjs';
import { encodeSyncUpdate } from '@rpg-bot/sync-protocol';
import type { AwarenessEntry } from '@rpg-bot/sync-protocol';
import type { Timers } from '@rpg-bot/kit';
import { AwarenessFanout } from './awareness-fanout';
import { DocCommitter } from './doc-committer';
import type { StoredItem } from './doc-committer';
import type { UpdateGate } from './doc-mirrors';
import type { MergedStateCache } from './merged-state-cache';
import type { SyncConnection } from './sync-connection';
import type { AppendBatchResult, AppendItem, UpdateLog } from './types';

/** One stored update of a doc, announced after its commit (in seq order). */
export interface CommittedUpdate {
  readonly docId: string;
  readonly seq: number;
  readonly bytes: number;
}

export interface SyncRoomOptions {
  readonly docId: string;
  readonly log: Pick<UpdateLog, 'appendBatch'>;
  readonly cache: Pick<MergedStateCache, 'applyAppended' | 'unload'>;
  readonly gate?: UpdateGate;
  readonly commitBatch?: { readonly maxItems?: number; readonly maxBytes?: number };
  /** For the awareness coalescing window. */
  readonly timers: Timers;
  /** Each committed batch's size (a histogram). */
  readonly onBatch: (items: number) => void;
  /** Every stored update, after its commit, in seq order: what the room emits (fan-out, compaction). */
  readonly committed: (update: CommittedUpdate) => void;
  /** Applying a committed batch to the cache or the sockets threw (the batch is durable all the same). */
  readonly failed: (error: unknown) => void;
  /** The room has no socket and no commit in flight: it may be dropped. */
  readonly empty: () => void;
}

/**
 * One doc in this process (tldraw's room): its sockets, its group commit and its awareness
 * fan-out. After each commit it applies the stored updates to the cache, broadcasts them to the
 * doc's other sockets and emits them, in seq order, before any submission of the batch is answered.
 */
export class SyncRoom {
  readonly docId: string;
  readonly #options: SyncRoomOptions;
  readonly #connections = new Set<SyncConnection>();
  #committer: DocCommitter<SyncConnection> | undefined;
  readonly #awareness: AwarenessFanout<SyncConnection>;

  constructor(options: SyncRoomOptions) {
    this.docId = options.docId;
    this.#options = options;
    this.#awareness = new AwarenessFanout({ peers: () => this.#connections, timers: options.timers });
  }

  get connections(): ReadonlySet<SyncConnection> {
    return this.#connections;
  }

  /** True while it has a socket or a commit in flight. */
  get active(): boolean {
    return this.#connections.size > 0 || this.#committer !== undefined;
  }

  join(connection: SyncConnection): void {
    this.#connections.add(connection);
  }

  /** False when the connection was not in the room. */
  leave(connection: SyncConnection): boolean {
    if (!this.#connections.delete(connection)) return false;
    if (this.#connections.size === 0) this.#awareness.clear();
    if (!this.active) this.#options.empty();
    return true;
  }

  /** Relays stamped awareness entries to every socket but `from`, coalesced (SYNC-AWARENESS-4). */
  relayAwareness(from: SyncConnection, entries: readonly AwarenessEntry[]): void {
    if (this.#connections.size === 0) return;
    this.#awareness.relay(from, entries);
  }

  /** The awareness states held by the doc's sockets other than `from`. */
  awarenessOfOthers(from: SyncConnection): AwarenessEntry[] {
    const entries: AwarenessEntry[] = [];
    for (const peer of this.#connections) if (peer !== from) entries.push(...peer.heldAwareness());
    return entries;
  }

  /** Sends the frame to every socket of the doc but `from`. */
  broadcast(from: SyncConnection | undefined, frame: Uint8Array, type: string): void {
    for (const peer of this.#connections) if (peer !== from) peer.deliver(frame, type);
  }

  /** Commits the update with the doc's other pending updates (group commit, SYNC-ACK-8). */
  commit(from: SyncConnection, item: AppendItem): Promise<AppendBatchResult> {
    this.#committer ??= this.#newCommitter();
    return this.#committer.submit(item, from);
  }

  #newCommitter(): DocCommitter<SyncConnection> {
    const { docId, log, gate, commitBatch } = this.#options;
    const committer: DocCommitter<SyncConnection> = new DocCommitter({
      docId,
      log,
      ...(gate === undefined ? {} : { gate }),
      ...commitBatch,
      onBatch: this.#options.onBatch,
      onCommitted: (stored) => {
        this.#committed(stored);
      },
      onCommittedError: (error) => {
        // The updates are durable; only the cached merge may be off: rebuild it from storage.
        this.#options.cache.unload(docId);
        this.#options.failed(error);
      },
      onIdle: () => {
        if (this.#committer !== committer) return;
        this.#committer = undefined;
        if (!this.active) this.#options.empty();
      },
    });
    return committer;
  }

  /** After a commit, in seq order: cache, then the doc's other sockets here, then the listeners. */
  #committed(stored: readonly StoredItem<SyncConnection>[]): void {
    const { docId, cache, committed } = this.#options;
    for (const { seq, update } of stored) cache.applyAppended(docId, update, seq);
    // One frame per run of updates from the same socket: a fast typist's batch reaches each peer
    // as one merged update instead of one write per keystroke (same content, same order).
    let start = 0;
    while (start < stored.length) {
      const origin = stored[start]?.origin;
      let end = start + 1;
      while (end < stored.length && stored[end]?.origin === origin) end += 1;
      const run = stored.slice(start, end).map((item) => item.update);
      const first = run[0];
      // Nobody else here (a lone upload): nothing to merge or send.
      const others = this.#connections.size - (origin !== undefined && this.#connections.has(origin) ? 1 : 0);
      if (origin !== undefined && first !== undefined && others > 0) {
        this.broadcast(origin, encodeSyncUpdate(run.length === 1 ? first : Y.mergeUpdates(run)), 'sync-update');
      }
      start = end;
    }
    // Per seq, as before batching: a relay whose cache lost the doc delivers just the announced entry.
    for (const { seq, update } of stored) committed({ docId, seq, bytes: update.byteLength });
  }
}
