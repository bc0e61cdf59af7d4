import {
  capabilities,
  decodeServerMessage,
  DEFAULT_MAX_DOC_BYTES,
  encodeAwareness,
  encodeHello,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  encodeUpdateWithRef,
  fragmentUpdate,
  PROTOCOL_VERSION,
  rejectionCodes,
} from '@rpg-bot/sync-protocol';
import type { LimitsMessage, RejectionCodeInfo, ServerMessage, WelcomeMessage } from '@rpg-bot/sync-protocol';
import { applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { PendingUpdate } from './doc-storage';
import { Listeners } from './listeners';
import type { Outbox } from './outbox';
import { ReconnectingSocket } from './reconnecting-socket';
import type { SocketEnvironment } from './reconnecting-socket';

export interface RelayProviderOptions {
  readonly docId: string;
  /** e.g. `'ws://host/v1/sync'`; the doc id is appended as a path segment. */
  readonly relayUrl: string;
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  readonly env: SocketEnvironment;
  /** Where local updates are sent from, and where the relay's acks and refusals go. */
  readonly outbox: Outbox;
}

/** `ready`: welcomed and caught up with the relay's state; other values as in `SocketPhase`. */
export type ProviderPhase = 'offline' | 'connecting' | 'syncing' | 'ready' | 'unauthorized' | 'forbidden' | 'stopped';

/**
 * Outbox entries are merged into updates of about this size, and an update longer than a frame
 * is sent in fragments of at most this size (SYNC-FRAG-2): well under the default 1 MiB frame limit.
 */
const MAX_BATCH_BYTES = 256 * 1024;

/** Room for the frame header of an `update-fragment` (type, ref, total, offset, chunk length). */
const FRAGMENT_HEADER_BYTES = 64;

/**
 * What the client reads from the relay: it trusts the relay, but frames can carry a whole doc of
 * up to the document size limit (a join, or a peer's big paste), plus headroom.
 */
const readLimit = (maxDocBytes: number) => ({ maxFrameBytes: Math.max(4 * DEFAULT_MAX_DOC_BYTES, 2 * maxDocBytes + 1024 * 1024) });

interface Connection {
  welcome: WelcomeMessage | undefined;
  limits: LimitsMessage | undefined;
  /** The relay's sync step 1, kept until `welcome` tells us how to answer it. */
  relayStateVector: Uint8Array | undefined;
  caughtUp: boolean;
  nextRef: number;
  readonly inflight: Map<number, readonly number[]>;
  readonly sent: Set<number>;
}

const freshConnection = (): Connection => ({
  welcome: undefined,
  limits: undefined,
  relayStateVector: undefined,
  caughtUp: false,
  nextRef: 1,
  inflight: new Map(),
  sent: new Set(),
});

/**
 * Our y-websocket-compatible provider for one doc: sync steps 1/2, updates and awareness as
 * y-protocols speaks them, plus `hello`/`update-with-ref`/`ack` (SPEC §4–5). Local updates are
 * sent from the persisted outbox only, so after a reconnect exactly the un-acknowledged ones go
 * out again, under new refs (SYNC-ACK-6); what the relay acknowledged is never uploaded again.
 * It reads the outbox and tells it the relay's answers; what the doc's status depends on is
 * announced as events (`onChange`, `onLimits`), like y-websocket's `provider.on('status')`.
 */
export class RelayProvider {
  readonly #doc: Y.Doc;
  readonly #awareness: Awareness;
  readonly #outbox: Outbox;
  readonly #socket: ReconnectingSocket;
  readonly #changed = new Listeners();
  readonly #limits = new Listeners<[limits: LimitsMessage]>();
  readonly #unsubscribe: () => void;
  #connection = freshConnection();
  #maxDocBytes = DEFAULT_MAX_DOC_BYTES;

  constructor(options: RelayProviderOptions) {
    const { docId, relayUrl } = options;
    this.#doc = options.doc;
    this.#awareness = options.awareness;
    this.#outbox = options.outbox;
    this.#socket = new ReconnectingSocket(options.env, {
      url: (token) => `${relayUrl}/${encodeURIComponent(docId)}?token=${encodeURIComponent(token)}`,
      binary: true,
      opened: () => {
        this.#opened();
      },
      message: (data) => {
        this.#receive(data);
      },
      closed: () => {
        this.#closed();
      },
      phaseChanged: () => {
        this.#changed.emit();
      },
    });
    this.#awareness.on('update', this.#onAwareness);
    this.#unsubscribe = this.#outbox.onAppended(() => {
      this.#flush();
    });
  }

  /** Something the sync status depends on changed (phase, refs in flight, caught up). */
  onChange(listener: () => void): () => void {
    return this.#changed.add(listener);
  }

  /** The relay announced its limits (SYNC-FRAG-1), once per connection, before anything is sent. */
  onLimits(listener: (limits: LimitsMessage) => void): () => void {
    return this.#limits.add(listener);
  }

  start(): void {
    this.#socket.start();
  }

  stop(): void {
    this.#awareness.off('update', this.#onAwareness);
    this.#unsubscribe();
    this.#socket.stop();
  }

  setOnline(online: boolean): void {
    this.#socket.setOnline(online);
  }

  phase(): ProviderPhase {
    const phase = this.#socket.phase();
    if (phase !== 'open') return phase;
    return this.#greeted() && this.#connection.caughtUp ? 'ready' : 'syncing';
  }

  /** Updates sent on this connection whose answer has not arrived. */
  inflight(): number {
    return this.#connection.inflight.size;
  }

  /** Sends the outbox entries not sent on this connection, if it is ready for them. */
  #flush(): void {
    const connection = this.#connection;
    if (!this.#greeted()) return;
    const unsent = this.#outbox.entries().filter((entry) => !connection.sent.has(entry.id));
    if (!this.#ackGranted()) {
      // An older relay without acks: plain y-websocket updates, which stay pending (honestly).
      for (const entry of unsent) {
        connection.sent.add(entry.id);
        this.#socket.send(encodeSyncUpdate(entry.update));
      }
      return;
    }
    for (const batch of batches(unsent)) {
      const update = batch.length === 1 && batch[0] !== undefined ? batch[0].update : Y.mergeUpdates(batch.map((entry) => entry.update));
      const ids = batch.map((entry) => entry.id);
      for (const id of ids) connection.sent.add(id);
      this.#sendWithRef(update, ids);
    }
  }

  /** Welcomed, and with `frag/1` also told the limits: updates may go out. */
  #greeted(): boolean {
    const { welcome, limits } = this.#connection;
    return welcome !== undefined && (limits !== undefined || !welcome.capabilities.includes(capabilities.frag));
  }

  #ackGranted(): boolean {
    return this.#connection.welcome?.capabilities.includes(capabilities.ack) === true;
  }

  /** Fragments need `frag/1` and the relay's frame limit (its `limits` follow the welcome). */
  #fragmentBytes(): number | undefined {
    const { welcome, limits } = this.#connection;
    if (welcome?.capabilities.includes(capabilities.frag) !== true || limits === undefined) return undefined;
    return Math.max(1, Math.min(MAX_BATCH_BYTES, limits.maxFrameBytes - FRAGMENT_HEADER_BYTES));
  }

  /** Sends `update` under a new ref: one frame, or fragments when it is longer than a frame allows. */
  #sendWithRef(update: Uint8Array, ids: readonly number[]): void {
    const connection = this.#connection;
    const ref = connection.nextRef++;
    const chunkBytes = this.#fragmentBytes();
    const frames = chunkBytes === undefined ? [encodeUpdateWithRef(ref, update)] : fragmentUpdate(ref, update, chunkBytes);
    for (const frame of frames) if (!this.#socket.send(frame)) return;
    connection.inflight.set(ref, ids);
    this.#changed.emit();
  }

  #opened(): void {
    this.#connection = freshConnection();
    const socket = this.#socket;
    socket.send(encodeHello({ version: PROTOCOL_VERSION, capabilities: [capabilities.ack, capabilities.frag] }));
    socket.send(encodeSyncStep1(Y.encodeStateVector(this.#doc)));
    if (this.#awareness.getLocalState() !== null) {
      socket.send(encodeAwareness(encodeAwarenessUpdate(this.#awareness, [this.#doc.clientID])));
    }
  }

  #closed(): void {
    this.#connection = freshConnection();
    const others = [...this.#awareness.getStates().keys()].filter((id) => id !== this.#doc.clientID);
    if (others.length > 0) removeAwarenessStates(this.#awareness, others, this);
    this.#changed.emit();
  }

  #receive(data: unknown): void {
    if (!(data instanceof ArrayBuffer)) {
      this.#socket.reconnect();
      return;
    }
    const decoded = decodeServerMessage(new Uint8Array(data), readLimit(this.#maxDocBytes));
    if (!decoded.ok) {
      this.#socket.reconnect();
      return;
    }
    this.#handle(decoded.message);
  }

  #handle(message: ServerMessage): void {
    const connection = this.#connection;
    switch (message.type) {
      case 'sync-step1':
        connection.relayStateVector = message.stateVector.slice();
        if (this.#greeted()) this.#answerStep1();
        return;
      case 'sync-step2':
        if (!this.#apply(message.update)) return;
        connection.caughtUp = true;
        this.#socket.healthy();
        this.#changed.emit();
        return;
      case 'sync-update':
        this.#apply(message.update);
        return;
      case 'awareness':
        applyAwarenessUpdate(this.#awareness, message.update, this);
        return;
      case 'query-awareness':
        this.#socket.send(encodeAwareness(encodeAwarenessUpdate(this.#awareness, [...this.#awareness.getStates().keys()])));
        return;
      case 'permission-denied':
        // A Forbidden close follows; the socket handles it.
        return;
      case 'welcome':
        connection.welcome = message;
        // With frag/1 the limits come next; sending waits for them (they say how to cut updates).
        if (message.capabilities.includes(capabilities.frag)) return;
        this.#ready();
        return;
      case 'limits':
        if (connection.welcome === undefined || connection.limits !== undefined) return;
        connection.limits = message;
        this.#maxDocBytes = message.maxDocBytes;
        this.#limits.emit(message);
        this.#ready();
        return;
      case 'ack':
        this.#answered(message.ref, (ids) => {
          this.#outbox.acknowledge(ids, message.seq);
        });
        return;
      case 'rejected':
        if (message.ref === undefined) return;
        this.#answered(message.ref, (ids) => {
          // Typed as the general shape: no code is retryable in version 1, later ones may be.
          const info: RejectionCodeInfo = rejectionCodes[message.code];
          if (info.retryable) {
            // Sent again after the next reconnect (SYNC-REJ-3 allows retryable codes only).
            for (const id of ids) connection.sent.delete(id);
          } else {
            this.#outbox.refuse(ids, message.code);
          }
        });
        return;
    }
  }

  /** Welcomed (and told the limits, with frag/1): answer the relay's step 1 and send the outbox. */
  #ready(): void {
    if (this.#connection.relayStateVector !== undefined) this.#answerStep1();
    this.#flush();
    this.#changed.emit();
  }

  #answered(ref: number, then: (ids: readonly number[]) => void): void {
    const ids = this.#connection.inflight.get(ref);
    if (ids === undefined) return;
    this.#connection.inflight.delete(ref);
    then(ids);
    this.#changed.emit();
  }

  /**
   * With acks, the outbox answers the relay's step 1 (flush); the diff against the relay's state
   * vector is sent only when it holds structs and the outbox is empty — content the relay lacks
   * although this device thinks it was acknowledged (e.g. a relay restored from a backup).
   * Without acks (an older relay) the answer is the plain sync step 2 of y-websocket.
   */
  #answerStep1(): void {
    const connection = this.#connection;
    const stateVector = connection.relayStateVector;
    if (stateVector === undefined) return;
    connection.relayStateVector = undefined;
    const diff = Y.encodeStateAsUpdate(this.#doc, stateVector);
    if (!this.#ackGranted()) {
      this.#socket.send(encodeSyncStep2(diff));
      return;
    }
    const idle = this.#outbox.entries().length === 0 && this.#outbox.writing() === 0;
    if (idle && Y.parseUpdateMeta(diff).to.size > 0) this.#sendWithRef(diff, []);
  }

  #apply(update: Uint8Array): boolean {
    try {
      Y.applyUpdate(this.#doc, update, this);
      return true;
    } catch {
      // SYNC-UPDATE-3: the relay checked it, but a broken frame must not break the doc.
      this.#socket.reconnect();
      return false;
    }
  }

  readonly #onAwareness = (change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void => {
    if (origin === this) return;
    const clients = [...change.added, ...change.updated, ...change.removed];
    this.#socket.send(encodeAwareness(encodeAwarenessUpdate(this.#awareness, clients)));
  };
}

/** Consecutive outbox entries grouped so that each merged frame stays below {@link MAX_BATCH_BYTES}. */
function batches(entries: readonly PendingUpdate[]): PendingUpdate[][] {
  const result: PendingUpdate[][] = [];
  let current: PendingUpdate[] = [];
  let bytes = 0;
  for (const entry of entries) {
    if (current.length > 0 && bytes + entry.update.length > MAX_BATCH_BYTES) {
      result.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += entry.update.length;
  }
  if (current.length > 0) result.push(current);
  return result;
}
