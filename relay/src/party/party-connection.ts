import { validators } from '@rpg-bot/contracts';
import type { PartyRejectionCode, PartyServerFrame } from '@rpg-bot/contracts';
import type { Logger } from '@rpg-bot/observability';
import type { TokenBuckets } from '@rpg-bot/http';
import { closeCodes } from '@rpg-bot/sync-protocol';
import type { CloseCodeInfo } from '@rpg-bot/sync-protocol';
import type { CampaignRole } from '@rpg-bot/contracts';
import { SendBudget } from '../websocket/send-budget';
import { isJsonObject } from './envelope-checks';
import type { PartyMetrics } from './party-metrics';
import type { PartyService } from './party-service';
import type { StoredPartyEvent } from './types';

/** Largest frame a party socket accepts (either direction's events stay under it). */
export const PARTY_MAX_FRAME_BYTES = 64 * 1024;

/** The transport a connection writes to (a `ws` socket, or anything in a test). */
export interface PartySocket {
  send(text: string): void;
  close(code: number, reason: string): void;
  /** Bytes sent but not yet taken by the network (ws `bufferedAmount`); without it, no back-pressure. */
  bufferedBytes?(): number;
}

/** Who is connected to which campaign, decided by the route before the connection exists. */
export interface PartySession {
  readonly campaignId: string;
  readonly userId: string;
  readonly name: string;
  /** The token's session (`sid`): a logout revokes it and closes the socket with 4401. */
  readonly sessionId: string;
  /** The token's expiry: the socket closes with 4401 then. */
  readonly expiresAt: Date;
  readonly logger: Logger;
}

/** What a connection needs from the process. */
export interface PartyConnectionDeps {
  readonly service: Pick<PartyService, 'publish'>;
  /** The member's current role (undefined: not a member any more); read on every publish. */
  readonly roleOf: (campaignId: string, userId: string) => Promise<CampaignRole | undefined>;
  readonly metrics: PartyMetrics;
  readonly now: () => number;
  /** Per-user publish budget on sockets; undefined = unlimited. */
  readonly buckets?: TokenBuckets | undefined;
  /**
   * Send back-pressure (SYNC-LIMIT-5): a socket with more than this many bytes unsent beyond the
   * largest frame sent to it is closed with SlowConsumer (4507). Undefined: unbounded.
   */
  readonly maxSendBufferBytes?: number;
  /** Timers, injectable so tests can move time (`setTimeout` by default). */
  readonly setTimer?: (fn: () => void, ms: number) => { clear(): void };
}

/** A frame as the transport delivers it: text, or the byte length of a binary frame. */
export type IncomingFrame = { readonly text: string } | { readonly binaryBytes: number };

const defaultSetTimer = (fn: () => void, ms: number) => {
  // Capped: Node fires a delay above 2^31-1 ms at once. Unref'd so it never keeps a process alive.
  const timer = setTimeout(fn, Math.min(ms, 2_147_483_647));
  timer.unref();
  return { clear: () => { clearTimeout(timer); } };
};

/**
 * One party WebSocket: replayed and live events go out in seq order without repeats (the room
 * decides when it is live); publish frames are handled one at a time, each answered with `ack`
 * after the commit or `rejected` (which never closes the socket).
 */
export class PartyConnection {
  readonly session: PartySession;
  readonly #socket: PartySocket;
  readonly #deps: PartyConnectionDeps;
  #queue: Promise<void> = Promise.resolve();
  #open = true;
  #lastSeq = 0;
  #live = false;
  #expiry: { clear(): void } | undefined;
  readonly #sendBudget: SendBudget | undefined;

  constructor(socket: PartySocket, session: PartySession, deps: PartyConnectionDeps) {
    this.#socket = socket;
    this.session = session;
    this.#deps = deps;
    this.#sendBudget = deps.maxSendBufferBytes === undefined ? undefined : new SendBudget(deps.maxSendBufferBytes);
    const setTimer = deps.setTimer ?? defaultSetTimer;
    this.#expiry = setTimer(() => {
      this.session.logger.info('party session token expired; closing');
      this.close(closeCodes.Unauthorized);
    }, Math.max(0, session.expiresAt.getTime() - deps.now()));
  }

  get open(): boolean {
    return this.#open;
  }

  get live(): boolean {
    return this.#live;
  }

  /** Sends an event unless this socket already has it (replay and live delivery may overlap). */
  deliver(event: StoredPartyEvent): void {
    if (event.seq <= this.#lastSeq) return;
    this.#lastSeq = event.seq;
    this.#send({ type: 'event', event: event.envelope as Extract<PartyServerFrame, { type: 'event' }>['event'] });
  }

  /** Replay start: the client already has everything up to `since`. */
  startAfter(since: number): void {
    this.#lastSeq = since;
  }

  gap(since: number, firstRetainedSeq: number): void {
    this.#send({ type: 'gap', since, firstRetainedSeq });
  }

  /** Replay done: from now on the room delivers every new event. */
  ready(headSeq: number): void {
    // A client claiming more than the head (say, after a database restore) still gets what comes next.
    this.#lastSeq = Math.min(this.#lastSeq, headSeq);
    this.#live = true;
    this.#send({ type: 'ready', headSeq });
  }

  /** Queues one frame from the client. */
  receive(frame: IncomingFrame): void {
    if (!this.#open) return;
    const bytes = 'text' in frame ? Buffer.byteLength(frame.text) : frame.binaryBytes;
    if (bytes > PARTY_MAX_FRAME_BYTES) {
      this.#deps.metrics.rejected.inc({ reason: 'too_large' });
      this.close(closeCodes.TooLarge);
      return;
    }
    this.#queue = this.#queue
      .then(() => this.#handle(frame))
      .catch((error: unknown) => {
        this.session.logger.error({ err: error }, 'party publish failed');
        this.close(closeCodes.TryAgain);
      });
  }

  /** Closes the socket with a named code; later frames are ignored. */
  close(info: CloseCodeInfo): void {
    if (!this.#open) return;
    this.#open = false;
    this.#expiry?.clear();
    this.#expiry = undefined;
    try {
      this.#socket.close(info.code, info.reason);
    } catch (error) {
      this.session.logger.warn({ err: error }, 'closing the party socket failed');
    }
  }

  /** The transport closed (either side). */
  closed(): void {
    this.#open = false;
    this.#expiry?.clear();
    this.#expiry = undefined;
  }

  async #handle(frame: IncomingFrame): Promise<void> {
    if (!this.#open) return;
    if (!('text' in frame)) {
      this.#reject(null, 'malformed_frame', 'Party frames are JSON text frames, not binary.');
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(frame.text);
    } catch {
      this.#reject(null, 'malformed_frame', 'The frame is not valid JSON.');
      return;
    }
    const checked = validators.partyClientFrame(parsed);
    if (!checked.ok) {
      const event = isJsonObject(parsed) && isJsonObject(parsed.event) ? parsed.event : undefined;
      const id = typeof event?.id === 'string' ? event.id : null;
      this.#reject(id, 'malformed_frame', `Expected {"type":"publish","event":{…}}: ${checked.issues.map((i) => `${i.path} ${i.message}`).join('; ')}.`);
      return;
    }
    const event = checked.value.event;
    const id = typeof event.id === 'string' ? event.id : null;
    const { campaignId, userId, name } = this.session;
    if (this.#deps.buckets?.take(userId).allowed === false) {
      this.#reject(id, 'rate_limited', 'Too many events; slow down.');
      return;
    }
    const role = await this.#deps.roleOf(campaignId, userId);
    if (role === undefined) {
      // Removed since the socket opened: no more access, not even reading.
      this.#deps.metrics.rejected.inc({ reason: 'not_member' });
      this.close(closeCodes.Forbidden);
      return;
    }
    const outcome = await this.#deps.service.publish(campaignId, { userId, name, role }, event);
    if (outcome.ok) this.#send({ type: 'ack', id: outcome.id, seq: outcome.seq, duplicate: outcome.duplicate });
    else this.#send({ type: 'rejected', id: outcome.id, code: outcome.code, message: outcome.message });
  }

  #reject(id: string | null, code: PartyRejectionCode, message: string): void {
    this.#deps.metrics.rejected.inc({ reason: code });
    this.#send({ type: 'rejected', id, code, message });
  }

  #send(frame: PartyServerFrame): void {
    if (!this.#open) return;
    const text = JSON.stringify(frame);
    const buffered = this.#socket.bufferedBytes?.();
    if (this.#sendBudget !== undefined && buffered !== undefined && !this.#sendBudget.admits(buffered, Buffer.byteLength(text))) {
      this.#deps.metrics.rejected.inc({ reason: 'slow_consumer' });
      this.session.logger.info({ bufferedBytes: buffered }, 'party peer reads too slowly; closing');
      this.close(closeCodes.SlowConsumer);
      return;
    }
    try {
      this.#socket.send(text);
    } catch (error) {
      this.session.logger.warn({ err: error }, 'sending a party frame failed');
    }
  }
}
