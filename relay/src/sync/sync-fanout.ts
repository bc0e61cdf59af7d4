import { SerialQueue } from '@rpg-bot/kit';
import type { Database } from '@rpg-bot/db';
import type { Logger } from '@rpg-bot/observability';
import { encodeSyncUpdate } from '@rpg-bot/sync-protocol';
import * as Y from 'yjs';
import type { MergedStateCache } from './merged-state-cache';
import type { SyncMetrics } from './sync-metrics';
import { UpdateLogError } from './types';
import type { UpdateLog } from './types';

/** The channel every relay process of one database listens on. */
export const SYNC_CHANNEL = 'relay_sync_committed';

/** What fan-out needs from this process's rooms. */
export interface LocalRooms {
  hasRoom(docId: string): boolean;
  /** Docs with at least one open socket in this process. */
  docIds(): string[];
  deliverToAll(docId: string, frame: Uint8Array, type: string): void;
}

export interface SyncFanoutOptions {
  readonly db: Pick<Database, 'listen' | 'notify'>;
  readonly log: Pick<UpdateLog, 'readSince'>;
  readonly cache: Pick<MergedStateCache, 'applyAppended' | 'unload' | 'heldSeq' | 'holds' | 'get' | 'peekStateVector' | 'docIds'>;
  readonly rooms: LocalRooms;
  readonly logger: Logger;
  readonly metrics: Pick<SyncMetrics, 'fanoutLagSeconds'>;
  /** Milliseconds since the epoch (the lag histogram compares it with the entry's `at`). */
  readonly now: () => number;
}

/** The NOTIFY payload: only the doc id and the seq (SYNC-FANOUT-1). */
interface Committed {
  readonly docId: string;
  readonly seq: number;
}

function parseCommitted(payload: string): Committed | undefined {
  try {
    const value: unknown = JSON.parse(payload);
    if (typeof value !== 'object' || value === null) return undefined;
    const { docId, seq } = value as Record<string, unknown>;
    if (typeof docId !== 'string' || typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return undefined;
    return { docId, seq };
  } catch {
    return undefined;
  }
}

/**
 * Cross-process fan-out over LISTEN/NOTIFY: after a commit, a process announces `{docId, seq}`;
 * every process that has sockets on the doc reads the log from the highest seq its cache holds
 * without a gap (the payload never carries update bytes: NOTIFY is limited to 8 KB) and delivers
 * each entry it did not hold yet. Its own announcements are recognised because its cache already
 * holds their seq. A process that holds the doc in its cache but has no socket on it drops the
 * cached state, so a later joiner is served from storage instead of a stale merge.
 *
 * Announcements sent while the LISTEN connection was down are lost: after a reconnect every doc
 * with sockets is caught up from the log the same way (SYNC-FANOUT-2), and a doc whose missing
 * entries were compacted meanwhile is caught up with a state-vector diff from storage.
 */
export class SyncFanout {
  readonly #options: SyncFanoutOptions;
  readonly #queue = new SerialQueue();
  #unlisten: (() => Promise<void>) | undefined;

  constructor(options: SyncFanoutOptions) {
    this.#options = options;
  }

  async start(): Promise<void> {
    this.#unlisten = await this.#options.db.listen(
      SYNC_CHANNEL,
      (payload) => {
        const committed = parseCommitted(payload);
        if (committed === undefined) return;
        this.#enqueue(() => this.#committed(committed), { docId: committed.docId, seq: committed.seq });
      },
      { onReconnect: () => { this.#enqueue(() => this.#recover(), {}); } },
    );
  }

  /** Announces a commit of this process (after it committed; failures are logged, never thrown). */
  published(docId: string, seq: number): void {
    const payload = JSON.stringify({ docId, seq } satisfies Committed);
    this.#options.db.notify(SYNC_CHANNEL, payload).catch((error: unknown) => {
      this.#options.logger.warn({ err: error, docId, seq }, 'announcing a sync commit failed');
    });
  }

  /** Settles once every announcement received so far has been handled (for tests and shutdown). */
  idle(): Promise<void> {
    return this.#queue.idle();
  }

  async stop(): Promise<void> {
    const unlisten = this.#unlisten;
    this.#unlisten = undefined;
    if (unlisten !== undefined) await unlisten();
    await this.#queue.idle();
  }

  #enqueue(task: () => Promise<void>, context: object): void {
    this.#queue.run(task).catch((error: unknown) => {
      this.#options.logger.warn({ err: error, ...context }, 'sync fan-out failed');
    });
  }

  async #committed({ docId, seq }: Committed): Promise<void> {
    const { rooms, cache } = this.#options;
    if (!rooms.hasRoom(docId)) {
      cache.unload(docId);
      return;
    }
    if (cache.holds(docId, seq) === true) return;
    await this.#catchUp(docId, seq - 1);
  }

  /** After a LISTEN reconnect: nothing announced meanwhile arrived, so re-read every doc in use. */
  async #recover(): Promise<void> {
    const { rooms, cache, logger } = this.#options;
    for (const docId of cache.docIds()) if (!rooms.hasRoom(docId)) cache.unload(docId);
    const docIds = rooms.docIds();
    logger.info({ docs: docIds.length }, 'sync fan-out catching up after a LISTEN reconnect');
    for (const docId of docIds) {
      try {
        await this.#catchUp(docId, undefined);
      } catch (error) {
        logger.warn({ err: error, docId }, 'catching up a doc after a LISTEN reconnect failed');
      }
    }
  }

  /** Delivers every logged entry after what the cache holds; `fallbackAfter` when the doc is not loaded. */
  async #catchUp(docId: string, fallbackAfter: number | undefined): Promise<void> {
    const { rooms, cache, log, metrics, now } = this.#options;
    const after = cache.heldSeq(docId) ?? fallbackAfter;
    if (after === undefined) {
      await this.#resync(docId);
      return;
    }
    let entries;
    try {
      entries = await log.readSince(docId, after);
    } catch (error) {
      if (!(error instanceof UpdateLogError && error.code === 'compacted')) throw error;
      await this.#resync(docId);
      return;
    }
    for (const entry of entries) {
      if (!cache.applyAppended(docId, entry.update, entry.seq)) continue;
      rooms.deliverToAll(docId, encodeSyncUpdate(entry.update), 'sync-update');
      // `at` is the committing relay's clock just before its commit; hosts' clocks may differ a little.
      metrics.fanoutLagSeconds.observe(Math.max(0, now() - entry.at.getTime()) / 1000);
    }
  }

  /** Reloads the doc from storage and sends its sockets what the old cached state lacked (or everything). */
  async #resync(docId: string): Promise<void> {
    const { rooms, cache } = this.#options;
    const before = cache.peekStateVector(docId);
    cache.unload(docId);
    const { state } = await cache.get(docId);
    const update = before === undefined ? state : Y.diffUpdate(state, before);
    rooms.deliverToAll(docId, encodeSyncUpdate(update), 'sync-update');
  }
}
