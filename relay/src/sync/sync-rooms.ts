import { closeCodes, encodeQueryAwareness } from '@rpg-bot/sync-protocol';
import { SyncConnection } from './sync-connection';
import type { SyncDeps, SyncPeers, SyncSession, SyncSocket } from './sync-connection';

/** A connected socket as the transport sees it: feed it frames, tell it when the socket closed. */
export interface SyncHandle {
  receive(frame: Uint8Array): void;
  closed(): void;
}

/**
 * Every sync connection of this process, grouped by doc (tldraw's room, transport-agnostic): the
 * route hands it sockets, it fans committed updates and awareness out to the doc's other sockets.
 */
export class SyncRooms {
  readonly #deps: SyncDeps;
  readonly #rooms = new Map<string, Set<SyncConnection>>();
  readonly #peers: SyncPeers = {
    broadcast: (from, frame, type) => {
      for (const peer of this.#rooms.get(from.docId) ?? []) if (peer !== from) peer.deliver(frame, type);
    },
    leave: (connection) => {
      const room = this.#rooms.get(connection.docId);
      if (room?.delete(connection) !== true) return;
      this.#deps.metrics.openConnections.dec();
      if (room.size === 0) this.#rooms.delete(connection.docId);
    },
  };

  constructor(deps: SyncDeps) {
    this.#deps = deps;
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

  /** Open connections (all docs). */
  connectionCount(): number {
    let count = 0;
    for (const room of this.#rooms.values()) count += room.size;
    return count;
  }

  /** Closes every socket with TryAgain (4503): the process is stopping, clients reconnect elsewhere. */
  closeAll(): void {
    for (const room of this.#rooms.values()) for (const connection of room) connection.close(closeCodes.TryAgain);
  }
}
