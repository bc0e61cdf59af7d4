import { randomUUID } from 'node:crypto';
import type { Database } from '@rpg-bot/db';
import type { Logger } from '@rpg-bot/observability';
import { encodeSyncUpdate } from '@rpg-bot/sync-protocol';
import type { MergedStateCache } from './merged-state-cache';
import type { UpdateLog } from './types';

/** The channel every relay process of one database listens on. */
export const SYNC_CHANNEL = 'relay_sync_committed';

/** What fan-out needs from this process's rooms. */
export interface LocalRooms {
  hasRoom(docId: string): boolean;
  deliverToAll(docId: string, frame: Uint8Array, type: string): void;
}

export interface SyncFanoutOptions {
  readonly db: Pick<Database, 'listen' | 'notify'>;
  readonly log: Pick<UpdateLog, 'readSince'>;
  readonly cache: Pick<MergedStateCache, 'applyAppended' | 'unload'>;
  readonly rooms: LocalRooms;
  readonly logger: Logger;
}

interface Committed {
  readonly origin: string;
  readonly docId: string;
  readonly seq: number;
}

function parseCommitted(payload: string): Committed | undefined {
  try {
    const value: unknown = JSON.parse(payload);
    if (typeof value !== 'object' || value === null) return undefined;
    const { origin, docId, seq } = value as Record<string, unknown>;
    if (typeof origin !== 'string' || typeof docId !== 'string' || typeof seq !== 'number') return undefined;
    return { origin, docId, seq };
  } catch {
    return undefined;
  }
}

/**
 * Cross-process fan-out over LISTEN/NOTIFY: after a commit, a process announces `{docId, seq}`;
 * the others read that entry from the log (the payload never carries update bytes: NOTIFY is
 * limited to 8 KB) and broadcast it to their own sockets of the doc. A process that holds the doc
 * in its cache but has no socket for it drops the cached state, so a later joiner is served from
 * storage instead of a stale merge.
 */
export class SyncFanout {
  readonly #options: SyncFanoutOptions;
  readonly #origin = randomUUID();
  #queue: Promise<void> = Promise.resolve();
  #unlisten: (() => Promise<void>) | undefined;

  constructor(options: SyncFanoutOptions) {
    this.#options = options;
  }

  async start(): Promise<void> {
    this.#unlisten = await this.#options.db.listen(SYNC_CHANNEL, (payload) => {
      const committed = parseCommitted(payload);
      if (committed === undefined || committed.origin === this.#origin) return;
      this.#queue = this.#queue.then(() => this.#deliver(committed)).catch((error: unknown) => {
        this.#options.logger.warn({ err: error, docId: committed.docId, seq: committed.seq }, 'sync fan-out of a remote commit failed');
      });
    });
  }

  /** Announces a commit of this process (after it committed; failures are logged, never thrown). */
  published(docId: string, seq: number): void {
    const payload = JSON.stringify({ origin: this.#origin, docId, seq } satisfies Committed);
    this.#options.db.notify(SYNC_CHANNEL, payload).catch((error: unknown) => {
      this.#options.logger.warn({ err: error, docId, seq }, 'announcing a sync commit failed');
    });
  }

  async stop(): Promise<void> {
    const unlisten = this.#unlisten;
    this.#unlisten = undefined;
    if (unlisten !== undefined) await unlisten();
    await this.#queue;
  }

  async #deliver({ docId, seq }: Committed): Promise<void> {
    const { rooms, cache, log } = this.#options;
    if (!rooms.hasRoom(docId)) {
      cache.unload(docId);
      return;
    }
    let entries;
    try {
      entries = await log.readSince(docId, seq - 1);
    } catch (error) {
      // Compacted meanwhile: the cache reloads from storage; sockets catch up at their next sync.
      cache.unload(docId);
      throw error;
    }
    const entry = entries.find((candidate) => candidate.seq === seq);
    if (entry === undefined) return;
    cache.applyAppended(docId, entry.update, seq);
    rooms.deliverToAll(docId, encodeSyncUpdate(entry.update), 'sync-update');
  }
}
