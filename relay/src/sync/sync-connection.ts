import {
  capabilities,
  closeCodeForError,
  closeCodes,
  decodeClientMessage,
  encodeAck,
  encodeAwareness,
  encodePermissionDenied,
  encodeQueryAwareness,
  encodeRejected,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  encodeWelcome,
  negotiate,
  rejectionCodes,
} from '@rpg-bot/sync-protocol';
import type { ClientMessage, CloseCodeInfo, Negotiated, RejectionCode } from '@rpg-bot/sync-protocol';
import type { Logger } from '@rpg-bot/observability';
import { encodeAwarenessRemoval } from './awareness-removal';
import type { MergedStateCache } from './merged-state-cache';
import type { SyncMetrics } from './sync-metrics';
import { UpdateLogError } from './types';
import type { UpdateLog } from './types';

/** The transport a connection writes to (a `ws` socket, or anything in a test). */
export interface SyncSocket {
  send(frame: Uint8Array): void;
  close(code: number, reason: string): void;
}

/** Who is connected to which doc, decided by the route before the connection exists. */
export interface SyncSession {
  readonly docId: string;
  readonly userId: string;
  /** 'read' members receive everything but every update they send is refused. */
  readonly access: 'write' | 'read';
  /** Narrowed to this connection (carries its traceId). */
  readonly logger: Logger;
}

/** What a connection needs from the process: storage, cache, limits, metrics, clock. */
export interface SyncDeps {
  readonly log: Pick<UpdateLog, 'append'>;
  readonly cache: MergedStateCache;
  readonly metrics: SyncMetrics;
  readonly now: () => number;
  readonly maxFrameBytes: number;
  /** Optional per-doc size limit passed to `append` (`rejected { doc_too_large }`). */
  readonly maxDocBytes?: number;
  /** Called after each non-duplicate commit (cross-process fan-out announces it). */
  readonly onCommitted?: (docId: string, seq: number) => void;
}

/** The other connections of the same doc in this process. */
export interface SyncPeers {
  broadcast(from: SyncConnection, frame: Uint8Array, type: string): void;
  leave(connection: SyncConnection): void;
}

/** The append could not commit (database down, shutdown): nothing may be acked (SYNC-ACK-5). */
class CommitFailed extends Error {
  override readonly name = 'CommitFailed';
}

const EMPTY_UPDATE_BYTES = 2;

/**
 * One WebSocket of one doc: the standard y-websocket exchange plus the ack extension. Frames are
 * handled strictly one after another, so acks leave in the order their updates arrived
 * (SYNC-ACK-3) and an update is broadcast only after its commit (SYNC-ACK-1).
 */
export class SyncConnection {
  readonly #socket: SyncSocket;
  readonly #session: SyncSession;
  readonly #deps: SyncDeps;
  readonly #peers: SyncPeers;
  #queue: Promise<void> = Promise.resolve();
  #open = true;
  #hello: Negotiated | undefined;
  /** Awareness clients seen on this socket and their last clock, to announce their departure. */
  readonly #awareness = new Map<number, number>();

  constructor(socket: SyncSocket, session: SyncSession, deps: SyncDeps, peers: SyncPeers) {
    this.#socket = socket;
    this.#session = session;
    this.#deps = deps;
    this.#peers = peers;
  }

  get docId(): string {
    return this.#session.docId;
  }

  /** Sends the relay's sync step 1 (its state vector), as a y-websocket server does on open. */
  start(): void {
    this.#enqueue(async () => {
      const { stateVector } = await this.#deps.cache.get(this.docId);
      this.#send('sync-step1', encodeSyncStep1(stateVector));
    });
  }

  /** Queues one binary frame from the client. */
  receive(frame: Uint8Array): void {
    if (!this.#open) return;
    this.#enqueue(() => this.#handle(frame));
  }

  /** Sends a frame from a peer (already committed, or awareness). */
  deliver(frame: Uint8Array, type: string): void {
    this.#send(type, frame);
  }

  /** The socket closed: leave the doc and tell peers this client's awareness is gone. */
  closed(): void {
    this.#open = false;
    this.#peers.leave(this);
    if (this.#awareness.size > 0) {
      this.#peers.broadcast(this, encodeAwareness(encodeAwarenessRemoval(this.#awareness)), 'awareness');
      this.#awareness.clear();
    }
  }

  /** Closes the socket with a named code; later frames are ignored. */
  close(info: CloseCodeInfo): void {
    if (!this.#open) return;
    this.#open = false;
    try {
      this.#socket.close(info.code, info.reason);
    } catch (error) {
      this.#session.logger.warn({ err: error }, 'closing the sync socket failed');
    }
  }

  #enqueue(task: () => Promise<void>): void {
    this.#queue = this.#queue.then(task).catch((error: unknown) => {
      const commit = error instanceof CommitFailed;
      this.#session.logger.error({ err: commit ? error.cause : error, docId: this.docId }, commit ? 'sync commit failed' : 'sync connection failed');
      // A failed merge may have left the cached state unusable (SYNC-UPDATE-4): reload it from storage next time.
      if (!commit) this.#deps.cache.unload(this.docId);
      this.close(commit ? closeCodes.TryAgain : closeCodes.InternalError);
    });
  }

  async #handle(frame: Uint8Array): Promise<void> {
    if (!this.#open) return;
    const { metrics, maxFrameBytes } = this.#deps;
    const decoded = decodeClientMessage(frame, { maxFrameBytes });
    if (!decoded.ok) {
      metrics.messagesIn.inc({ type: 'invalid' });
      metrics.rejected.inc({ reason: decoded.error.code });
      this.#session.logger.info({ error: decoded.error.code, docId: this.docId }, 'undecodable sync frame; closing');
      this.close(closeCodeForError(decoded.error));
      return;
    }
    const message = decoded.message;
    metrics.messagesIn.inc({ type: message.type });
    await this.#dispatch(message);
  }

  async #dispatch(message: ClientMessage): Promise<void> {
    switch (message.type) {
      case 'sync-step1':
        this.#send('sync-step2', encodeSyncStep2(await this.#deps.cache.diffFor(this.docId, message.stateVector)));
        return;
      case 'sync-step2':
        // A read-only client's answer to our step 1 carries at least its delete set: refusing it
        // loudly on every connect would only spam the viewer, so it is dropped quietly.
        if (this.#session.access === 'read') {
          this.#deps.metrics.rejected.inc({ reason: 'read_only' });
          return;
        }
        await this.#store(message.update, undefined);
        return;
      case 'sync-update':
        await this.#store(message.update, undefined);
        return;
      case 'update-with-ref':
        if (this.#hello?.capabilities.includes(capabilities.ack) !== true) {
          this.#violation('update-with-ref without a granted ack/1');
          return;
        }
        await this.#store(message.update, message.ref);
        return;
      case 'hello':
        this.#greet(message);
        return;
      case 'awareness':
        for (const entry of message.entries) {
          if (entry.state === null) this.#awareness.delete(entry.clientId);
          else this.#awareness.set(entry.clientId, entry.clock);
        }
        this.#peers.broadcast(this, encodeAwareness(message.update), 'awareness');
        return;
      case 'query-awareness':
        // The relay holds no awareness: the peers answer, and their answers reach everyone.
        this.#peers.broadcast(this, encodeQueryAwareness(), 'query-awareness');
        return;
    }
  }

  #greet(message: Extract<ClientMessage, { type: 'hello' }>): void {
    if (this.#hello !== undefined) {
      this.#violation('second hello');
      return;
    }
    const granted = negotiate(message, [capabilities.ack]);
    if (granted === undefined) {
      this.#deps.metrics.rejected.inc({ reason: 'upgrade_required' });
      this.close(closeCodes.UpgradeRequired);
      return;
    }
    this.#hello = granted;
    this.#send('welcome', encodeWelcome(granted));
  }

  #violation(what: string): void {
    this.#deps.metrics.rejected.inc({ reason: 'protocol_violation' });
    this.#session.logger.info({ violation: what, docId: this.docId }, 'sync protocol violation; closing');
    this.close(closeCodes.BadMessage);
  }

  /** Durable first (SYNC-ACK-1), then cache, broadcast and ack; duplicates ack the head (SYNC-ACK-7). */
  async #store(view: Uint8Array, ref: number | undefined): Promise<void> {
    const session = this.#session;
    if (session.access === 'read') {
      if (isEmptyUpdate(view)) return;
      this.#reject(ref, 'read_only');
      return;
    }
    // The decoded update is a view into the frame: keep our own bytes for the cache.
    const update = view.slice();
    const { log, cache, metrics, now, maxDocBytes } = this.#deps;
    const started = now();
    let result;
    try {
      result = await log.append(this.docId, update, {
        authorId: session.userId,
        at: new Date(started),
        ...(maxDocBytes === undefined ? {} : { maxStoredBytes: maxDocBytes }),
      });
    } catch (error) {
      if (error instanceof UpdateLogError && (error.code === 'invalid_update' || error.code === 'doc_too_large')) {
        this.#reject(ref, error.code);
        return;
      }
      throw new CommitFailed('append failed', { cause: error });
    }
    metrics.commitSeconds.observe(Math.max(0, now() - started) / 1000);
    if (!result.duplicate) {
      cache.applyAppended(this.docId, update, result.seq);
      this.#peers.broadcast(this, encodeSyncUpdate(update), 'sync-update');
      this.#deps.onCommitted?.(this.docId, result.seq);
    }
    if (ref !== undefined) this.#send('ack', encodeAck(ref, result.seq));
  }

  /** SYNC-REJ-1/2: opted-in clients get `rejected`; stock ones a permission-denied for read-only. */
  #reject(ref: number | undefined, code: RejectionCode): void {
    this.#deps.metrics.rejected.inc({ reason: code });
    const reason = rejectionCodes[code].reason;
    if (this.#hello !== undefined) {
      this.#send('rejected', encodeRejected(ref === undefined ? { code, reason } : { ref, code, reason }));
    } else if (code === 'read_only') {
      this.#send('permission-denied', encodePermissionDenied(reason));
    }
  }

  #send(type: string, frame: Uint8Array): void {
    if (!this.#open) return;
    try {
      this.#socket.send(frame);
      this.#deps.metrics.messagesOut.inc({ type });
    } catch (error) {
      this.#session.logger.warn({ err: error, docId: this.docId }, 'sending a sync frame failed');
    }
  }
}

function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === EMPTY_UPDATE_BYTES && update[0] === 0 && update[1] === 0;
}
