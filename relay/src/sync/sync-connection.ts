import {
  capabilities,
  closeCodeForError,
  closeCodes,
  decodeClientMessage,
  encodeAck,
  encodeAwareness,
  encodeAwarenessEntries,
  encodeLimits,
  encodePermissionDenied,
  encodeRejected,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeWelcome,
  isYjsUpdateV1,
  messageType,
  negotiate,
  rejectionCodes,
} from '@rpg-bot/sync-protocol';
import type { AwarenessEntry, ClientMessage, CloseCodeInfo, Negotiated, RejectionCode, UpdateFragmentMessage } from '@rpg-bot/sync-protocol';
import { createTokenBuckets } from '@rpg-bot/http';
import type { TokenBuckets } from '@rpg-bot/http';
import type { Logger } from '@rpg-bot/observability';
import { SendBudget } from '../websocket/send-budget';
import { awarenessLimits, stampAwarenessState } from './awareness-policy';
import { awarenessRemovals } from './awareness-removal';
import { FragmentAssembly } from './fragment-assembly';
import type { FragmentBudget } from './fragment-assembly';
import type { MergedStateCache } from './merged-state-cache';
import type { SyncMetrics } from './sync-metrics';
import { systemTimers } from '@rpg-bot/kit';
import type { Timers } from '@rpg-bot/kit';
import { isRefusal } from './types';
import type { AppendBatchResult, AppendItem } from './types';

/** The transport a connection writes to (a `ws` socket, or anything in a test). */
export interface SyncSocket {
  send(frame: Uint8Array): void;
  close(code: number, reason: string): void;
  /** Bytes sent but not yet taken by the network (ws `bufferedAmount`); without it, no back-pressure. */
  bufferedBytes?(): number;
}

/** Who is connected to which doc, decided by the route before the connection exists. */
export interface SyncSession {
  readonly docId: string;
  readonly userId: string;
  /** The session's display name: stamped into the awareness states this socket sends (SYNC-AWARENESS-2). */
  readonly name?: string;
  /** 'read' members receive everything but every update they send is refused. */
  readonly access: 'write' | 'read';
  /** Narrowed to this connection (carries its traceId). */
  readonly logger: Logger;
  /** The token's session id (`sid`): a revoked session closes its sockets with Unauthorized. */
  readonly sessionId?: string;
  /** The token's `exp` (ms since the epoch): the socket closes with Unauthorized when it passes. */
  readonly expiresAt?: number;
}

/** What a connection needs from the process: cache, limits, metrics, clock (it commits through its room). */
export interface ConnectionDeps {
  readonly cache: MergedStateCache;
  readonly metrics: SyncMetrics;
  readonly now: () => number;
  readonly maxFrameBytes: number;
  /**
   * Send back-pressure (SYNC-LIMIT-5): a socket with more than this many bytes unsent beyond the
   * largest frame sent to it is closed with SlowConsumer (4507). Undefined: unbounded.
   */
  readonly maxSendBufferBytes?: number;
  /**
   * Per-doc size limit passed to the log (`rejected { doc_too_large }`), announced to `frag/1`
   * clients in `limits`, and the largest fragmented update assembled. Undefined: unlimited.
   */
  readonly maxDocBytes?: number;
  /**
   * Bytes of fragmented updates the process may hold while assembling them (SYNC-FRAG-4).
   * Undefined: `frag/1` is not offered.
   */
  readonly fragmentBudget?: FragmentBudget;
  /** For awareness held back by its rate limit (default: unref'd Node timers). */
  readonly timers?: Timers;
}

/** The other connections of the same doc in this process, and the doc's group commit. */
export interface SyncPeers {
  /** Relays stamped awareness entries to the doc's other sockets, coalesced (SYNC-AWARENESS-4). */
  relayAwareness(from: SyncConnection, entries: readonly AwarenessEntry[]): void;
  /** The latest awareness states the doc's other sockets hold, for a newcomer or a query (SYNC-AWARENESS-4). */
  awarenessOfOthers(from: SyncConnection): AwarenessEntry[];
  /** True when another connection of the doc speaks for this awareness client (SYNC-AWARENESS-3). */
  awarenessClaimedByOther(from: SyncConnection, clientId: number): boolean;
  leave(connection: SyncConnection): void;
  /**
   * Commits an update with the doc's other pending updates; resolves after the commit (the peers
   * already got the broadcast then) or with a refusal, rejects when the transaction failed.
   */
  commit(from: SyncConnection, item: AppendItem): Promise<AppendBatchResult>;
}

/** The append could not commit (database down, shutdown): nothing may be acked (SYNC-ACK-5). */
class CommitFailed extends Error {
  override readonly name = 'CommitFailed';
}

type Settled = { readonly ok: true; readonly result: AppendBatchResult } | { readonly ok: false; readonly error: unknown };

const EMPTY_UPDATE_BYTES = 2;

/** An awareness client this socket speaks for: its last clock, and its latest state if held for newcomers. */
interface AwarenessClient {
  readonly clock: number;
  readonly held: { readonly entry: AwarenessEntry; readonly bytes: number } | undefined;
}

/**
 * One WebSocket of one doc: the standard y-websocket exchange plus the ack extension.
 *
 * A frame is decoded and validated as soon as it arrives, and an update goes to the doc's group
 * commit at once — the next frame never waits for the previous commit. Everything the connection
 * sends back (acks, rejections, sync step 2, welcome, closes for bad frames) and the awareness it
 * relays pass through ONE ordered chain in receive order: an update's ack waits for its commit
 * (SYNC-ACK-1) and for every earlier answer, so answers keep receive order (SYNC-ACK-3) and a
 * refusal never overtakes an earlier ack. A failed commit stops the connection from submitting
 * anything more and closes it with TryAgain when the chain reaches it (SYNC-ACK-5).
 */
export class SyncConnection {
  readonly #socket: SyncSocket;
  readonly #session: SyncSession;
  readonly #deps: ConnectionDeps;
  readonly #peers: SyncPeers;
  #queue: Promise<void> = Promise.resolve();
  #open = true;
  /** False after a frame that ends the connection or a failed commit: later frames are ignored. */
  #accepting = true;
  #hello: Negotiated | undefined;
  /** The highest seq acked to this connection: an empty update's ack never goes below it. */
  #lastAckedSeq = 0;
  /** Awareness clients this socket speaks for: clocks to announce their departure, states for newcomers. */
  readonly #awareness = new Map<number, AwarenessClient>();
  /** JSON bytes of the states held in `#awareness` (at most `awarenessLimits.maxHeldBytesPerSocket`). */
  #heldAwarenessBytes = 0;
  readonly #sendBudget: SendBudget | undefined;
  /**
   * A sync step 1 whose answer is queued but not computed yet: a later step 1 shares it (the answer,
   * computed when its turn comes, holds everything the relay has then), so a flood of step 1s costs
   * one state diff, not one each (SYNC-LIMIT-5).
   */
  #pendingStep1 = false;
  /** SYNC-AWARENESS-3: one bucket for this socket's awareness and query-awareness frames. */
  readonly #awarenessBudget: TokenBuckets;
  /** The latest entry per client of awareness frames over the rate limit, relayed when it allows. */
  #heldAwareness: Map<number, AwarenessEntry> | undefined;
  #cancelAwarenessFlush: (() => void) | undefined;
  /** The fragmented update being received (SYNC-FRAG-2), once `frag/1` was granted. */
  #fragments: FragmentAssembly | undefined;

  constructor(socket: SyncSocket, session: SyncSession, deps: ConnectionDeps, peers: SyncPeers) {
    this.#socket = socket;
    this.#session = session;
    this.#deps = deps;
    this.#peers = peers;
    this.#sendBudget = deps.maxSendBufferBytes === undefined ? undefined : new SendBudget(deps.maxSendBufferBytes);
    this.#awarenessBudget = createTokenBuckets({ capacity: awarenessLimits.burst, refillPerSecond: awarenessLimits.perSecond, clock: deps.now, maxKeys: 1 });
  }

  get docId(): string {
    return this.#session.docId;
  }

  get session(): SyncSession {
    return this.#session;
  }

  /** False once the relay closed it or the socket reported closing. */
  get isOpen(): boolean {
    return this.#open;
  }

  /**
   * Sends the relay's sync step 1 (its state vector), as a y-websocket server does on open, then
   * the awareness states of the doc's other sockets (SYNC-AWARENESS-4).
   */
  start(): void {
    this.#enqueue(async () => {
      this.#send('sync-step1', encodeSyncStep1(await this.#deps.cache.stateVector(this.docId)));
      this.#sendAwarenessOfOthers();
    });
  }

  /** Handles one binary frame from the client: decoded now, answered in receive order. */
  receive(frame: Uint8Array): void {
    if (!this.#open || !this.#accepting) return;
    const { metrics, maxFrameBytes } = this.#deps;
    metrics.bytesIn.inc(frame.byteLength);
    // Judged by its first byte (the message type) before any decoding: presence never needs this much.
    if (frame[0] === messageType.awareness && frame.byteLength > awarenessLimits.maxFrameBytes) {
      metrics.messagesIn.inc({ type: 'awareness' });
      metrics.rejected.inc({ reason: 'awareness_too_large' });
      return;
    }
    const decoded = decodeClientMessage(frame, { maxFrameBytes });
    if (!decoded.ok) {
      metrics.messagesIn.inc({ type: 'invalid' });
      metrics.rejected.inc({ reason: decoded.error.code });
      const error = decoded.error;
      this.#end(() => {
        this.#session.logger.info({ error: error.code, docId: this.docId }, 'undecodable sync frame; closing');
        this.close(closeCodeForError(error));
      });
      return;
    }
    const message = decoded.message;
    metrics.messagesIn.inc({ type: message.type });
    this.#dispatch(message);
  }

  /** Sends a frame from a peer (already committed, or awareness). */
  deliver(frame: Uint8Array, type: string): void {
    this.#send(type, frame);
  }

  /** True when this socket speaks for the awareness client (it relayed a state of it and no removal since). */
  hasAwarenessClient(clientId: number): boolean {
    return this.#awareness.has(clientId);
  }

  /** The latest state of each awareness client this socket speaks for, as relayed (stamped). */
  heldAwareness(): AwarenessEntry[] {
    const entries: AwarenessEntry[] = [];
    for (const client of this.#awareness.values()) if (client.held !== undefined) entries.push(client.held.entry);
    return entries;
  }

  /** The socket closed: leave the doc and tell peers this client's awareness is gone. */
  closed(): void {
    this.#open = false;
    this.#cancelAwarenessFlush?.();
    this.#cancelAwarenessFlush = undefined;
    this.#heldAwareness = undefined;
    this.#fragments?.clear();
    this.#peers.leave(this);
    if (this.#awareness.size > 0) {
      const clocks = new Map([...this.#awareness].map(([clientId, client]) => [clientId, client.clock]));
      this.#peers.relayAwareness(this, awarenessRemovals(clocks));
      this.#awareness.clear();
      this.#heldAwarenessBytes = 0;
    }
  }

  /** Closes the socket with a named code; later frames are ignored. */
  close(info: CloseCodeInfo): void {
    if (!this.#open) return;
    this.#open = false;
    this.#fragments?.clear();
    try {
      this.#socket.close(info.code, info.reason);
    } catch (error) {
      this.#session.logger.warn({ err: error }, 'closing the sync socket failed');
    }
  }

  /** Appends a step to the ordered chain; steps after a close are skipped. */
  #enqueue(task: () => Promise<void>): void {
    this.#queue = this.#queue
      .then(() => (this.#open ? task() : undefined))
      .catch((error: unknown) => {
        const commit = error instanceof CommitFailed;
        this.#session.logger.error({ err: commit ? error.cause : error, docId: this.docId }, commit ? 'sync commit failed' : 'sync connection failed');
        // A failed merge may have left the cached state unusable (SYNC-UPDATE-4): reload it from storage next time.
        if (!commit) this.#deps.cache.unload(this.docId);
        this.close(commit ? closeCodes.TryAgain : closeCodes.InternalError);
      });
  }

  /** Queues a synchronous step. */
  #then(step: () => void): void {
    this.#enqueue(() => {
      step();
      return Promise.resolve();
    });
  }

  /** Stops taking frames now; `closing` runs once every earlier answer went out. */
  #end(closing: () => void): void {
    this.#accepting = false;
    this.#then(closing);
  }

  #dispatch(message: ClientMessage): void {
    switch (message.type) {
      case 'sync-step1': {
        if (this.#pendingStep1) {
          this.#deps.metrics.rejected.inc({ reason: 'step1_coalesced' });
          return;
        }
        this.#pendingStep1 = true;
        const stateVector = message.stateVector;
        this.#enqueue(async () => {
          this.#pendingStep1 = false;
          const { cache } = this.#deps;
          // A client with an empty doc (a late joiner on a new device) gets the one shared frame of
          // the whole state: a crowd joining a big doc costs no diff and no copy per client.
          const frame = isEmptyStateVector(stateVector) && cache.hasFrames()
            ? await cache.fullStateFrame(this.docId)
            : encodeSyncStep2(await cache.diffFor(this.docId, stateVector));
          this.#send('sync-step2', frame);
        });
        return;
      }
      case 'sync-step2':
        // A read-only client's answer to our step 1 carries at least its delete set: refusing it
        // loudly on every connect would only spam the viewer, so it is dropped quietly.
        if (this.#session.access === 'read') {
          this.#deps.metrics.rejected.inc({ reason: 'read_only' });
          return;
        }
        this.#store(message.update, undefined);
        return;
      case 'sync-update':
        this.#store(message.update, undefined);
        return;
      case 'update-with-ref':
        if (this.#hello?.capabilities.includes(capabilities.ack) !== true) {
          this.#violation('update-with-ref without a granted ack/1');
          return;
        }
        if (this.#fragments?.inProgress === true) {
          this.#violation('update-with-ref in the middle of a fragmented update');
          return;
        }
        this.#store(message.update, message.ref);
        return;
      case 'update-fragment':
        this.#fragment(message);
        return;
      case 'hello':
        this.#greet(message);
        return;
      case 'awareness':
        if (this.#awarenessBudget.take('socket').allowed) this.#relayAwareness(message.entries);
        else this.#holdAwareness(message.entries);
        return;
      case 'query-awareness':
        if (!this.#awarenessBudget.take('socket').allowed) {
          this.#deps.metrics.rejected.inc({ reason: 'awareness_rate_limited' });
          return;
        }
        // Answered by the relay from the states it holds, in order with this socket's other answers.
        this.#then(() => {
          this.#sendAwarenessOfOthers();
        });
        return;
    }
  }

  /**
   * Relays the entries in order with the updates before them, as a peer would see them without
   * the relay: each state stamped with the sender (SYNC-AWARENESS-2); entries for clients another
   * socket speaks for, and clients beyond the per-socket cap, dropped (SYNC-AWARENESS-3).
   */
  #relayAwareness(entries: readonly AwarenessEntry[]): void {
    this.#then(() => {
      const relayed: AwarenessEntry[] = [];
      for (const entry of entries) {
        const { clientId } = entry;
        if (this.#peers.awarenessClaimedByOther(this, clientId)) {
          // Someone else's state, re-sent by a peer answering a query (y-protocols does that): its owner answers for it.
          this.#deps.metrics.rejected.inc({ reason: 'awareness_not_owned' });
          continue;
        }
        if (entry.state === null) {
          this.#forgetAwareness(clientId);
          relayed.push(entry);
          continue;
        }
        if (!this.#awareness.has(clientId) && this.#awareness.size >= awarenessLimits.maxClientsPerSocket) {
          this.#deps.metrics.rejected.inc({ reason: 'awareness_too_many_clients' });
          continue;
        }
        const stamped: AwarenessEntry = { clientId, clock: entry.clock, state: stampAwarenessState(entry.state, this.#session) };
        this.#holdAwarenessState(stamped);
        relayed.push(stamped);
      }
      if (relayed.length > 0) this.#peers.relayAwareness(this, relayed);
    });
  }

  /** Keeps the client's latest state for newcomers while the socket's held bytes allow it (SYNC-AWARENESS-4). */
  #holdAwarenessState(entry: AwarenessEntry): void {
    this.#forgetAwareness(entry.clientId);
    const bytes = JSON.stringify(entry.state).length;
    const fits = this.#heldAwarenessBytes + bytes <= awarenessLimits.maxHeldBytesPerSocket;
    if (fits) this.#heldAwarenessBytes += bytes;
    this.#awareness.set(entry.clientId, { clock: entry.clock, held: fits ? { entry, bytes } : undefined });
  }

  #forgetAwareness(clientId: number): void {
    const held = this.#awareness.get(clientId)?.held;
    if (held !== undefined) this.#heldAwarenessBytes -= held.bytes;
    this.#awareness.delete(clientId);
  }

  /** One awareness frame with the states the doc's other sockets hold, when there are any. */
  #sendAwarenessOfOthers(): void {
    const states = this.#peers.awarenessOfOthers(this);
    if (states.length > 0) this.#send('awareness', encodeAwareness(encodeAwarenessEntries(states)));
  }

  /**
   * Over the rate limit: keeps the latest entry per client and relays them once the budget allows,
   * so peers still see where a cursor came to rest (SYNC-AWARENESS-3).
   */
  #holdAwareness(entries: readonly AwarenessEntry[]): void {
    this.#deps.metrics.rejected.inc({ reason: 'awareness_rate_limited' });
    const held = (this.#heldAwareness ??= new Map());
    for (const entry of entries) {
      if (held.has(entry.clientId) || held.size < awarenessLimits.maxClientsPerSocket) held.set(entry.clientId, entry);
    }
    this.#scheduleAwarenessFlush();
  }

  #scheduleAwarenessFlush(): void {
    if (this.#cancelAwarenessFlush !== undefined) return;
    const timers = this.#deps.timers ?? systemTimers;
    this.#cancelAwarenessFlush = timers.setTimeout(() => {
      this.#cancelAwarenessFlush = undefined;
      const held = this.#heldAwareness;
      if (!this.#open || !this.#accepting || held === undefined) return;
      if (!this.#awarenessBudget.take('socket').allowed) {
        this.#scheduleAwarenessFlush();
        return;
      }
      this.#heldAwareness = undefined;
      this.#relayAwareness([...held.values()]);
    }, 1000 / awarenessLimits.perSecond);
  }

  #greet(message: Extract<ClientMessage, { type: 'hello' }>): void {
    if (this.#hello !== undefined) {
      this.#violation('second hello');
      return;
    }
    const offered = this.#deps.fragmentBudget === undefined ? [capabilities.ack] : [capabilities.ack, capabilities.frag];
    const granted = negotiate(message, offered);
    if (granted === undefined) {
      this.#deps.metrics.rejected.inc({ reason: 'upgrade_required' });
      this.#end(() => {
        this.close(closeCodes.UpgradeRequired);
      });
      return;
    }
    // Granted now, so the frames right behind the hello are judged by it; welcomed in order.
    this.#hello = granted;
    const { fragmentBudget, maxFrameBytes, maxDocBytes } = this.#deps;
    const fragments = fragmentBudget !== undefined && granted.capabilities.includes(capabilities.frag);
    if (fragments) this.#fragments = new FragmentAssembly({ maxUpdateBytes: maxDocBytes ?? Number.MAX_SAFE_INTEGER, budget: fragmentBudget });
    this.#then(() => {
      this.#send('welcome', encodeWelcome(granted));
      if (fragments) this.#send('limits', encodeLimits({ maxFrameBytes, maxDocBytes: maxDocBytes ?? Number.MAX_SAFE_INTEGER }));
    });
  }

  /**
   * SYNC-FRAG-2…5: fragments are assembled as they arrive; the whole update then takes the place
   * of an `update-with-ref` received with the last fragment. A refusal that holds whatever the
   * update contains (too large, read-only) is answered on the first fragment.
   */
  #fragment(message: UpdateFragmentMessage): void {
    const assembly = this.#fragments;
    if (assembly === undefined) {
      this.#violation('update-fragment without a granted frag/1');
      return;
    }
    const outcome = assembly.accept(message, () => (this.#session.access === 'read' ? 'read_only' : undefined));
    switch (outcome.kind) {
      case 'partial':
      case 'dropped':
        return;
      case 'refused':
        this.#then(() => {
          this.#reject(outcome.ref, outcome.code, true);
        });
        return;
      case 'busy':
        this.#deps.metrics.rejected.inc({ reason: 'fragments_busy' });
        this.#end(() => {
          this.#session.logger.warn({ docId: this.docId }, 'too many fragmented uploads at once; closing with TryAgain');
          this.close(closeCodes.TryAgain);
        });
        return;
      case 'violation':
        this.#violation(outcome.why);
        return;
      case 'complete':
        if (!isYjsUpdateV1(outcome.update)) {
          this.#violation('a fragmented update that is not a Yjs v1 update');
          return;
        }
        this.#store(outcome.update, outcome.ref);
        return;
    }
  }

  #violation(what: string): void {
    this.#deps.metrics.rejected.inc({ reason: 'protocol_violation' });
    this.#end(() => {
      this.#session.logger.info({ violation: what, docId: this.docId }, 'sync protocol violation; closing');
      this.close(closeCodes.BadMessage);
    });
  }

  /**
   * Submits the update to the doc's group commit now; its answer waits in the chain. Durable
   * first (SYNC-ACK-1): the committer applies it to the cache and broadcasts it after the commit;
   * duplicates ack the head (SYNC-ACK-7).
   */
  #store(view: Uint8Array, ref: number | undefined): void {
    const session = this.#session;
    // Whether the client had opted in when this frame arrived decides how a refusal is phrased.
    const optedIn = this.#hello !== undefined;
    if (session.access === 'read') {
      if (isEmptyUpdate(view)) return;
      this.#then(() => {
        this.#reject(ref, 'read_only', optedIn);
      });
      return;
    }
    if (isEmptyUpdate(view)) {
      // Carries nothing (every fresh client's answer to our sync step 1): no transaction. A ref is
      // acked like a duplicate (SYNC-ACK-7), with the highest seq this relay holds of the doc.
      if (ref !== undefined) {
        this.#then(() => {
          this.#send('ack', encodeAck(ref, Math.max(this.#lastAckedSeq, this.#deps.cache.heldSeq(this.docId) ?? 0)));
        });
      }
      return;
    }
    // The decoded update is a view into the frame: keep our own bytes for the cache.
    const update = view.slice();
    const { metrics, now, maxDocBytes } = this.#deps;
    const started = now();
    const meta = { authorId: session.userId, at: new Date(started), ...(maxDocBytes === undefined ? {} : { maxStoredBytes: maxDocBytes }) };
    // Settled at once (never an unhandled rejection while the chain is busy elsewhere).
    const settled = this.#peers.commit(this, { update, meta }).then(
      (result): Settled => {
        if (!isRefusal(result)) metrics.commitSeconds.observe(Math.max(0, now() - started) / 1000);
        return { ok: true, result };
      },
      (error: unknown): Settled => {
        // Nothing this connection sends later may be committed behind the lost update.
        this.#accepting = false;
        return { ok: false, error };
      },
    );
    this.#enqueue(async () => {
      const outcome = await settled;
      if (!outcome.ok) throw new CommitFailed('append failed', { cause: outcome.error });
      if (isRefusal(outcome.result)) this.#reject(ref, outcome.result.refused, optedIn);
      else if (ref !== undefined) {
        this.#lastAckedSeq = Math.max(this.#lastAckedSeq, outcome.result.seq);
        this.#send('ack', encodeAck(ref, outcome.result.seq));
      }
    });
  }

  /** SYNC-REJ-1/2: opted-in clients get `rejected`; stock ones a permission-denied for read-only. */
  #reject(ref: number | undefined, code: RejectionCode, optedIn: boolean): void {
    this.#deps.metrics.rejected.inc({ reason: code });
    const reason = rejectionCodes[code].reason;
    if (optedIn) {
      this.#send('rejected', encodeRejected(ref === undefined ? { code, reason } : { ref, code, reason }));
    } else if (code === 'read_only') {
      this.#send('permission-denied', encodePermissionDenied(reason));
    }
  }

  #send(type: string, frame: Uint8Array): void {
    if (!this.#open) return;
    const buffered = this.#socket.bufferedBytes?.();
    if (this.#sendBudget !== undefined && buffered !== undefined && !this.#sendBudget.admits(buffered, frame.byteLength)) {
      this.#deps.metrics.rejected.inc({ reason: 'slow_consumer' });
      this.#session.logger.info({ docId: this.docId, bufferedBytes: buffered }, 'sync peer reads too slowly; closing');
      this.close(closeCodes.SlowConsumer);
      return;
    }
    try {
      this.#socket.send(frame);
      this.#deps.metrics.messagesOut.inc({ type });
      this.#deps.metrics.bytesOut.inc(frame.byteLength);
    } catch (error) {
      this.#session.logger.warn({ err: error, docId: this.docId }, 'sending a sync frame failed');
    }
  }
}

/** `varuint 0`: a state vector with no clients, i.e. an empty doc. */
function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.byteLength === 1 && stateVector[0] === 0;
}

function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === EMPTY_UPDATE_BYTES && update[0] === 0 && update[1] === 0;
}
