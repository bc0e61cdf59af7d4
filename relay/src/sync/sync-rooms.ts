import type { Logger } from '@rpg-bot/observability';
import { closeCodes } from '@rpg-bot/sync-protocol';
import type { CloseCodeInfo } from '@rpg-bot/sync-protocol';
import type { UpdateGate } from './doc-mirrors';
import { SyncConnection } from './sync-connection';
import type { ConnectionDeps, SyncPeers, SyncSession, SyncSocket } from './sync-connection';
import { SyncRoom } from './sync-room';
import type { CommittedUpdate } from './sync-room';
import { systemTimers } from '@rpg-bot/kit';
import type { Timers } from '@rpg-bot/kit';
import type { UpdateLog } from './types';

/** What `SyncRooms` needs: the connections' dependencies, and the doc storage their rooms commit to. */
export interface SyncRoomsOptions extends ConnectionDeps {
  readonly log: Pick<UpdateLog, 'appendBatch'>;
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

/** Hears every stored update of every doc of this process, after its commit, in seq order per doc. */
export type CommittedListener = (update: CommittedUpdate) => void;

/**
 * Every sync connection of this process, one `SyncRoom` per doc (tldraw's room, transport-agnostic):
 * the route hands it sockets; each room owns its sockets and its group commit, and after a commit
 * applies it to the cache, broadcasts it and emits it. Fan-out to other processes, compaction and
 * anything else that follows commits subscribe with `onCommitted`.
 */
export class SyncRooms {
  readonly #deps: SyncRoomsOptions;
  readonly #timers: Timers;
  readonly #rooms = new Map<string, SyncRoom>();
  readonly #listeners = new Set<CommittedListener>();
  /** Cancels each connection's token-expiry timer. */
  readonly #expiry = new Map<SyncConnection, () => void>();
  readonly #peers: SyncPeers = {
    relayAwareness: (from, entries) => {
      this.#rooms.get(from.docId)?.relayAwareness(from, entries);
    },
    awarenessOfOthers: (from) => this.#rooms.get(from.docId)?.awarenessOfOthers(from) ?? [],
    awarenessClaimedByOther: (from, clientId) => {
      for (const peer of this.#rooms.get(from.docId)?.connections ?? []) if (peer !== from && peer.hasAwarenessClient(clientId)) return true;
      return false;
    },
    leave: (connection) => {
      if (this.#rooms.get(connection.docId)?.leave(connection) !== true) return;
      this.#expiry.get(connection)?.();
      this.#expiry.delete(connection);
      this.#deps.metrics.openConnections.dec();
    },
    commit: (from, item) => this.#room(from.docId).commit(from, item),
  };

  constructor(deps: SyncRoomsOptions) {
    this.#deps = deps;
    this.#timers = deps.timers ?? systemTimers;
  }

  /** Subscribes to every committed update (SYNC-FANOUT-1, SYNC-COMPACT-1); returns the unsubscribe. */
  onCommitted(listener: CommittedListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Joins the socket to its doc and starts the y-websocket exchange (relay's sync step 1). */
  connect(socket: SyncSocket, session: SyncSession): SyncHandle {
    const connection = new SyncConnection(socket, session, this.#deps, this.#peers);
    const room = this.#room(session.docId);
    // The newcomer learns who else is here from the states the relay holds (SYNC-AWARENESS-4): no query to the peers.
    room.join(connection);
    this.#deps.metrics.openConnections.inc();
    if (session.expiresAt !== undefined) this.#closeAtExpiry(connection, session.expiresAt);
    connection.start();
    return { receive: (frame) => { connection.receive(frame); }, closed: () => { connection.closed(); } };
  }

  /** True when this process has a socket open on the doc. */
  hasRoom(docId: string): boolean {
    return (this.#rooms.get(docId)?.connections.size ?? 0) > 0;
  }

  /** Sends a frame to every socket of the doc in this process (a commit made by another process). */
  deliverToAll(docId: string, frame: Uint8Array, type: string): void {
    this.#rooms.get(docId)?.broadcast(undefined, frame, type);
  }

  /** Docs with at least one open socket in this process. */
  docIds(): string[] {
    return [...this.#rooms.values()].filter((room) => room.connections.size > 0).map((room) => room.docId);
  }

  /**
   * Closes the user's sockets on the given docs (or on every doc) with `info`, e.g. Forbidden
   * after they lost access. Returns how many sockets were closed.
   */
  closeUser(userId: string, docIds: readonly string[] | 'all', info: CloseCodeInfo): number {
    const rooms = docIds === 'all' ? [...this.#rooms.values()] : docIds.flatMap((docId) => this.#rooms.get(docId) ?? []);
    return this.#closeWhere(rooms.map((room) => room.connections), (connection) => connection.session.userId === userId, info, 'access_revoked');
  }

  /** Closes every socket opened with a token of the session (`sid`) with Unauthorized (4401): the session was revoked. */
  closeSession(sessionId: string): number {
    return this.#closeWhere([...this.#rooms.values()].map((room) => room.connections), (connection) => connection.session.sessionId === sessionId, closeCodes.Unauthorized, 'session_revoked');
  }

  /** Counts a connection the route refused before it joined a room (`relay_sync_rejected_total`). */
  refused(reason: string): void {
    this.#deps.metrics.rejected.inc({ reason });
  }

  /** Open connections (all docs). */
  connectionCount(): number {
    let count = 0;
    for (const room of this.#rooms.values()) count += room.connections.size;
    return count;
  }

  /** Closes every socket with TryAgain (4503): the process is stopping, clients reconnect elsewhere. */
  closeAll(): void {
    for (const room of this.#rooms.values()) for (const connection of [...room.connections]) connection.close(closeCodes.TryAgain);
    for (const cancel of this.#expiry.values()) cancel();
    this.#expiry.clear();
  }

  /** The doc's room, made on first use and dropped once it has no socket and no commit in flight. */
  #room(docId: string): SyncRoom {
    const existing = this.#rooms.get(docId);
    if (existing !== undefined) return existing;
    const { log, cache, metrics, commitBatch, gate } = this.#deps;
    const room: SyncRoom = new SyncRoom({
      docId,
      log,
      cache,
      timers: this.#timers,
      ...(gate === undefined ? {} : { gate }),
      ...(commitBatch === undefined ? {} : { commitBatch }),
      onBatch: (items) => {
        metrics.commitBatchSize.observe(items);
      },
      committed: (update) => {
        for (const listener of this.#listeners) listener(update);
      },
      failed: (error) => {
        this.#deps.logger?.error({ err: error, docId }, 'applying a sync commit failed');
      },
      empty: () => {
        if (this.#rooms.get(docId) === room) this.#rooms.delete(docId);
      },
    });
    this.#rooms.set(docId, room);
    return room;
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
