import * as Y from 'yjs';
import type { Logger } from '@rpg-bot/observability';
import { closeCodes, encodeQueryAwareness, encodeSyncUpdate } from '@rpg-bot/sync-protocol';
import type { CloseCodeInfo } from '@rpg-bot/sync-protocol';
import { DocCommitter } from './doc-committer';
import type { UpdateGate } from './doc-mirrors';
import type { StoredItem } from './doc-committer';
import { SyncConnection } from './sync-connection';
import type { SyncDeps, SyncPeers, SyncSession, SyncSocket } from './sync-connection';
import { nodeTimers } from './timers';
import type { Timers } from './timers';

/** What `SyncRooms` needs beyond a connection's dependencies. */
export interface SyncRoomsOptions extends SyncDeps {
  readonly timers?: Timers;
  /** Batch limits of the per-doc group commit (default 256 updates / 4 MiB). */
  readonly commitBatch?: { readonly maxItems?: number; readonly maxBytes?: number };
  /** For failures no single connection owns (default: silent). */
  readonly logger?: Logger;
  /** Decides before each commit which updates integrate (SYNC-UPDATE-5/6): `DocMirrors` in the relay. */
  readonly gate?: UpdateGate;
}

/** A connected socket as the transport sees it: feed it frames, tell it when the socket closed. */
export interface SyncHandle {
  receive(frame: Uint8Array): void;
  closed(): void;
}

/**
 * Every sync connection of this process, grouped by doc (tldraw's room, transport-agnostic): the
 * route hands it sockets, it fans committed updates and awareness out to the doc's other sockets.
 * Each doc with updates in flight has one `DocCommitter`: the updates of all its sockets are
 * committed in group transactions, and each commit is applied to the cache, broadcast and
 * announced (`onCommitted`) in seq order before any of its submissions is answered.
 */
export class SyncRooms {
  readonly #deps: SyncRoomsOptions;
  readonly #timers: Timers;
  readonly #rooms = new Map<string, Set<SyncConnection>>();
  readonly #committers = new Map<string, DocCommitter<SyncConnection>>();
  /** Cancels each connection's token-expiry timer. */
  readonly #expiry = new Map<SyncConnection, () => void>();
  readonly #peers: SyncPeers = {
    broadcast: (from, frame, type) => {
      for (const peer of this.#rooms.get(from.docId) ?? []) if (peer !== from) peer.deliver(frame, type);
    },
    awarenessClaimedByOther: (from, clientId) => {
      for (const peer of this.#rooms.get(from.docId) ?? []) if (peer !== from && peer.hasAwarenessClient(clientId)) return true;
      return false;
    },
    leave: (connection) => {
      const room = this.#rooms.get(connection.docId);
      if (room?.delete(connection) !== true) return;
      this.#expiry.get(connection)?.();
      this.#expiry.delete(connection);
      this.#deps.metrics.openConnections.dec();
      if (room.size === 0) this.#rooms.delete(connection.docId);
    },
    commit: (from, item) => this.#committer(from.docId).submit(item, from),
  };

  constructor(deps: SyncRoomsOptions) {
    this.#deps = deps;
    this.#timers = deps.timers ?? nodeTimers;
  }

  /** Joins the socket to its doc and starts the y-websocket exchange (relay's sync step 1). */
  connect(socket: SyncSocket, session: SyncSession): SyncHandle {
    const connection = new SyncConnection(socket, session, this.#deps, this.#peers);
    let room = this.#rooms.get(session.docId);
    if (room === undefined) {
      room = new Set();
      this.#rooms.set(session.docId, room);
    }
    // The newcomer learns who else is here when the others answer this query.
    for (const peer of room) peer.deliver(encodeQueryAwareness(), 'query-awareness');
    room.add(connection);
    this.#deps.metrics.openConnections.inc();
    if (session.expiresAt !== undefined) this.#closeAtExpiry(connection, session.expiresAt);
    connection.start();
    return { receive: (frame) => { connection.receive(frame); }, closed: () => { connection.closed(); } };
  }

  /** True when this process has a socket open on the doc. */
  hasRoom(docId: string): boolean {
    return this.#rooms.has(docId);
  }

  /** Sends a frame to every socket of the doc in this process (a commit made by another process). */
  deliverToAll(docId: string, frame: Uint8Array, type: string): void {
    for (const connection of this.#rooms.get(docId) ?? []) connection.deliver(frame, type);
  }

  /** Docs with at least one open socket in this process. */
  docIds(): string[] {
    return [...this.#rooms.keys()];
  }

  /**
   * Closes the user's sockets on the given docs (or on every doc) with `info`, e.g. Forbidden
   * after they lost access. Returns how many sockets were closed.
   */
  closeUser(userId: string, docIds: readonly string[] | 'all', info: CloseCodeInfo): number {
    const rooms = docIds === 'all' ? [...this.#rooms.values()] : docIds.flatMap((docId) => this.#rooms.get(docId) ?? []);
    return this.#closeWhere(rooms, (connection) => connection.session.userId === userId, info, 'access_revoked');
  }

  /** Closes every socket opened with a token of the session (`sid`) with Unauthorized (4401): the session was revoked. */
  closeSession(sessionId: string): number {
    return this.#closeWhere([...this.#rooms.values()], (connection) => connection.session.sessionId === sessionId, closeCodes.Unauthorized, 'session_revoked');
  }

  /** Counts a connection the route refused before it joined a room (`relay_sync_rejected_total`). */
  refused(reason: string): void {
    this.#deps.metrics.rejected.inc({ reason });
  }

  /** Open connections (all docs). */
  connectionCount(): number {
    let count = 0;
    for (const room of this.#rooms.values()) count += room.size;
    return count;
  }

  /** Closes every socket with TryAgain (4503): the process is stopping, clients reconnect elsewhere. */
  closeAll(): void {
    for (const room of this.#rooms.values()) for (const connection of room) connection.close(closeCodes.TryAgain);
    for (const cancel of this.#expiry.values()) cancel();
    this.#expiry.clear();
  }

  #committer(docId: string): DocCommitter<SyncConnection> {
    const existing = this.#committers.get(docId);
    if (existing !== undefined) return existing;
    const { log, metrics, commitBatch, gate } = this.#deps;
    const committer: DocCommitter<SyncConnection> = new DocCommitter({
      docId,
      log,
      ...(gate === undefined ? {} : { gate }),
      ...commitBatch,
      onBatch: (items) => {
        metrics.commitBatchSize.observe(items);
      },
      onCommitted: (stored) => {
        this.#committed(docId, stored);
      },
      onCommittedError: (error) => {
        // The updates are durable; only the cached merge may be off: rebuild it from storage.
        this.#deps.cache.unload(docId);
        this.#deps.logger?.error({ err: error, docId }, 'applying a sync commit failed');
      },
      onIdle: () => {
        if (this.#committers.get(docId) === committer) this.#committers.delete(docId);
      },
    });
    this.#committers.set(docId, committer);
    return committer;
  }

  /** After a commit, in seq order: cache, then the doc's other sockets here, then other processes and compaction. */
  #committed(docId: string, stored: readonly StoredItem<SyncConnection>[]): void {
    for (const { seq, update } of stored) {
      this.#deps.cache.applyAppended(docId, update, seq);
    }
    // One frame per run of updates from the same socket: a fast typist's batch reaches each peer
    // as one merged update instead of one write per keystroke (same content, same order).
    let start = 0;
    while (start < stored.length) {
      const origin = stored[start]?.origin;
      let end = start + 1;
      while (end < stored.length && stored[end]?.origin === origin) end += 1;
      const run = stored.slice(start, end).map((item) => item.update);
      const first = run[0];
      if (origin !== undefined && first !== undefined) {
        this.#peers.broadcast(origin, encodeSyncUpdate(run.length === 1 ? first : Y.mergeUpdates(run)), 'sync-update');
      }
      start = end;
    }
    for (const { seq, update } of stored) {
      // Per seq, as before batching: a relay whose cache lost the doc delivers just the announced entry.
      this.#deps.onCommitted?.(docId, seq, update.byteLength);
    }
  }

  #closeWhere(
    rooms: readonly Iterable<SyncConnection>[],
    match: (connection: SyncConnection) => boolean,
    info: CloseCodeInfo,
    reason: string,
  ): number {
    let closed = 0;
    for (const room of rooms) {
      for (const connection of [...room]) {
        if (!connection.isOpen || !match(connection)) continue;
        connection.close(info);
        this.#deps.metrics.rejected.inc({ reason });
        closed += 1;
      }
    }
    return closed;
  }

  /** SYNC-AUTH-2: the socket closes with Unauthorized once its token's `exp` has passed. */
  #closeAtExpiry(connection: SyncConnection, expiresAt: number): void {
    const arm = (): void => {
      const left = expiresAt - this.#deps.now();
      if (left > 0) {
        // Re-checked when it fires: long delays are capped, and the clock is injected.
        this.#expiry.set(connection, this.#timers.setTimeout(arm, left));
        return;
      }
      this.#expiry.delete(connection);
      connection.session.logger.info({ docId: connection.docId }, 'session token expired; closing the sync socket');
      this.#deps.metrics.rejected.inc({ reason: 'token_expired' });
      connection.close(closeCodes.Unauthorized);
    };
    arm();
  }
}
