import { SerialQueue } from '@rpg-bot/kit';
import type { Logger } from '@rpg-bot/observability';
import { closeCodes } from '@rpg-bot/sync-protocol';
import type { CloseCodeInfo } from '@rpg-bot/sync-protocol';
import { partyTypes } from './event-types';
import type { PartyConnection } from './party-connection';
import type { PartyMetrics } from './party-metrics';
import type { PartyLog, StoredPartyEvent } from './types';

/** Events read per query while replaying or catching up. */
const PAGE = 500;

interface Room {
  readonly campaignId: string;
  readonly connections: Set<PartyConnection>;
  /** Highest seq broadcast to this room's live sockets (undefined until the room first read its head). */
  deliveredSeq: number | undefined;
  /** The room's work (joins, catch-ups) runs one task at a time, so deliveries stay in seq order. */
  readonly queue: SerialQueue;
}

export interface PartyRoomsOptions {
  readonly log: Pick<PartyLog, 'readSince'>;
  readonly metrics: PartyMetrics;
  readonly logger: Logger;
}

/**
 * Every party socket of this process, grouped by campaign. A room learns of new events from local
 * commits and from other relays' announcements alike (`announce`), and delivers them in seq order:
 * when an announcement does not continue what it delivered, it reads the missing ones from the log.
 * A joining socket is replayed (from the log, up to what the room delivered) inside the room's
 * queue, so nothing committed meanwhile is lost or repeated.
 */
export class PartyRooms {
  readonly #options: PartyRoomsOptions;
  readonly #rooms = new Map<string, Room>();

  constructor(options: PartyRoomsOptions) {
    this.#options = options;
  }

  /** Adds the socket to its campaign's room; replays events after `since`, then sends `ready`. */
  join(connection: PartyConnection, since: number): void {
    const { campaignId } = connection.session;
    let room = this.#rooms.get(campaignId);
    if (room === undefined) {
      room = { campaignId, connections: new Set(), deliveredSeq: undefined, queue: new SerialQueue() };
      this.#rooms.set(campaignId, room);
    }
    room.connections.add(connection);
    this.#options.metrics.openConnections.inc();
    const joined = room;
    this.#enqueue(joined, async () => {
      await this.#catchUp(joined, undefined);
      await this.#replay(joined, connection, since);
    }, connection);
  }

  /** The socket closed: it leaves its room (and the room goes when empty). */
  leave(connection: PartyConnection): void {
    const room = this.#rooms.get(connection.session.campaignId);
    if (room?.connections.delete(connection) !== true) return;
    this.#options.metrics.openConnections.dec();
    if (room.connections.size === 0) this.#rooms.delete(room.campaignId);
  }

  /**
   * New events were committed in the campaign (by this process: `events` are the stored rows; by
   * another: undefined, read them from the log). No-op without sockets on the campaign.
   */
  announce(campaignId: string, events?: readonly StoredPartyEvent[]): void {
    const room = this.#rooms.get(campaignId);
    if (room === undefined) return;
    this.#enqueue(room, () => this.#catchUp(room, events));
  }

  /** Every room catches up from the log (after a lost LISTEN connection dropped announcements). */
  announceAll(): void {
    for (const campaignId of this.#rooms.keys()) this.announce(campaignId);
  }

  /** Closes the user's sockets on the campaign (removed from it). */
  closeUser(campaignId: string, userId: string, info: CloseCodeInfo = closeCodes.Forbidden): void {
    for (const connection of this.#rooms.get(campaignId)?.connections ?? []) {
      if (connection.session.userId === userId) connection.close(info);
    }
  }

  /**
   * Closes every socket opened with a token of the session with Unauthorized (4401): the session
   * was signed out. Returns how many sockets were closed.
   */
  closeSession(sessionId: string): number {
    let closed = 0;
    for (const room of this.#rooms.values()) {
      for (const connection of room.connections) {
        if (connection.session.sessionId !== sessionId || !connection.open) continue;
        connection.session.logger.info('party session signed out; closing');
        connection.close(closeCodes.Unauthorized);
        this.#options.metrics.rejected.inc({ reason: 'session_revoked' });
        closed += 1;
      }
    }
    return closed;
  }

  /** Closes every socket with TryAgain (4503): the process is stopping, clients reconnect elsewhere. */
  closeAll(): void {
    for (const room of this.#rooms.values()) for (const connection of room.connections) connection.close(closeCodes.TryAgain);
  }

  /** True when this process has a socket open on the campaign. */
  hasRoom(campaignId: string): boolean {
    return this.#rooms.has(campaignId);
  }

  /** Resolves when the campaign's queued work is done (tests). */
  async idle(campaignId: string): Promise<void> {
    await this.#rooms.get(campaignId)?.queue.idle();
  }

  /** Resolves when every room's queued work is done (shutdown: nothing reads the log afterwards). */
  async idleAll(): Promise<void> {
    await Promise.all([...this.#rooms.values()].map((room) => room.queue.idle()));
  }

  #enqueue(room: Room, task: () => Promise<void>, joining?: PartyConnection): void {
    room.queue.run(task).catch((error: unknown) => {
      this.#options.logger.error({ err: error, campaignId: room.campaignId }, 'party delivery failed');
      // The room no longer knows what its sockets have: they reconnect and replay from their last seq.
      for (const connection of joining === undefined ? room.connections : [joining]) connection.close(closeCodes.TryAgain);
      if (joining === undefined) room.deliveredSeq = undefined;
    });
  }

  /** Brings the room's live sockets up to the log's head, in seq order. */
  async #catchUp(room: Room, hint: readonly StoredPartyEvent[] | undefined): Promise<void> {
    if (room.deliveredSeq === undefined) {
      // A new room has no live socket yet: it starts at the head.
      room.deliveredSeq = (await this.#options.log.readSince(room.campaignId, Number.MAX_SAFE_INTEGER, 1)).headSeq;
      return;
    }
    if (hint !== undefined && hint[0]?.seq === room.deliveredSeq + 1) {
      this.#broadcast(room, hint);
      return;
    }
    for (;;) {
      const page = await this.#options.log.readSince(room.campaignId, room.deliveredSeq, PAGE);
      this.#broadcast(room, page.events);
      // Events pruned before anybody here saw them are skipped, as a reconnecting socket would be told.
      room.deliveredSeq = Math.max(room.deliveredSeq, page.events.length < PAGE ? page.headSeq : room.deliveredSeq);
      if (page.events.length < PAGE) return;
    }
  }

  #broadcast(room: Room, events: readonly StoredPartyEvent[]): void {
    for (const event of events) {
      if (room.deliveredSeq !== undefined && event.seq <= room.deliveredSeq) continue;
      room.deliveredSeq = event.seq;
      for (const connection of room.connections) if (connection.live) connection.deliver(event);
      if (event.type === partyTypes.memberLeft) this.closeUser(room.campaignId, event.actorId);
    }
  }

  /** Sends a joining socket the gap notice (if any), the retained events after `since` up to the room's head, and `ready`. */
  async #replay(room: Room, connection: PartyConnection, since: number): Promise<void> {
    const until = room.deliveredSeq ?? 0;
    connection.startAfter(since);
    let cursor = since;
    let first = true;
    while (connection.open) {
      const page = await this.#options.log.readSince(room.campaignId, cursor, PAGE);
      if (first && since + 1 < page.firstRetainedSeq) connection.gap(since, page.firstRetainedSeq);
      first = false;
      const upTo = page.events.filter((event) => event.seq <= until);
      for (const event of upTo) connection.deliver(event);
      const last = upTo.at(-1);
      if (last === undefined || upTo.length < page.events.length || page.events.length < PAGE) break;
      cursor = last.seq;
    }
    connection.ready(until);
  }
}
