import type { RejectionCode } from './rejection-codes';

/**
 * Decoded messages. Byte arrays are views into the decoded frame (no copy): copy them if you keep
 * them longer than the frame.
 */

/** y-protocols sync step 1: the sender's state vector. */
export interface SyncStep1Message {
  readonly type: 'sync-step1';
  readonly stateVector: Uint8Array;
}

/** y-protocols sync step 2: everything the receiver is missing (a Yjs v1 update). */
export interface SyncStep2Message {
  readonly type: 'sync-step2';
  readonly update: Uint8Array;
}

/** y-protocols sync update: an incremental Yjs v1 update. */
export interface SyncUpdateMessage {
  readonly type: 'sync-update';
  readonly update: Uint8Array;
}

/** One entry of an awareness update; `state` is `null` when the client went away. */
export interface AwarenessEntry {
  readonly clientId: number;
  readonly clock: number;
  readonly state: unknown;
}

/** y-protocols awareness update, with its entries already parsed. */
export interface AwarenessMessage {
  readonly type: 'awareness';
  /** The payload exactly as received, to forward to other peers unchanged. */
  readonly update: Uint8Array;
  readonly entries: readonly AwarenessEntry[];
}

/** y-protocols query-awareness (no payload). */
export interface QueryAwarenessMessage {
  readonly type: 'query-awareness';
}

/** Extension: the client opts in (SYNC-HELLO-1). */
export interface HelloMessage {
  readonly type: 'hello';
  readonly version: number;
  /** Requested capabilities; unknown strings are kept so that the server can ignore them. */
  readonly capabilities: readonly string[];
}

/** Extension: a Yjs v1 update the client wants acknowledged under `ref` (SYNC-ACK-1). */
export interface UpdateWithRefMessage {
  readonly type: 'update-with-ref';
  readonly ref: number;
  readonly update: Uint8Array;
}

/**
 * Extension (`frag/1`): bytes `offset … offset + chunk.length` of an update of `totalBytes` bytes
 * to be acknowledged under `ref` (SYNC-FRAG-2). The chunk alone is not an update.
 */
export interface UpdateFragmentMessage {
  readonly type: 'update-fragment';
  readonly ref: number;
  readonly totalBytes: number;
  readonly offset: number;
  readonly chunk: Uint8Array;
}

/** Extension (`frag/1`): the relay's limits on this connection (SYNC-FRAG-1). */
export interface LimitsMessage {
  readonly type: 'limits';
  /** Longest frame the relay reads; longer ones close the socket with TooLarge. */
  readonly maxFrameBytes: number;
  /** Most bytes a document may hold; an update that would exceed it is `rejected { doc_too_large }`. */
  readonly maxDocBytes: number;
}

/** y-protocols auth: the server refused access (stock clients log `reason`). */
export interface PermissionDeniedMessage {
  readonly type: 'permission-denied';
  readonly reason: string;
}

/** Extension: the version the server speaks on this connection and the granted capabilities. */
export interface WelcomeMessage {
  readonly type: 'welcome';
  readonly version: number;
  readonly capabilities: readonly string[];
}

/** Extension: the update sent under `ref` is durably stored as of document sequence `seq`. */
export interface AckMessage {
  readonly type: 'ack';
  readonly ref: number;
  readonly seq: number;
}

/** Extension: an update was refused; `ref` is absent for updates that were sent without one. */
export interface RejectedMessage {
  readonly type: 'rejected';
  readonly ref?: number;
  readonly code: RejectionCode;
  readonly reason: string;
}

/** Every message a client may send. */
export type ClientMessage =
  | SyncStep1Message
  | SyncStep2Message
  | SyncUpdateMessage
  | AwarenessMessage
  | QueryAwarenessMessage
  | HelloMessage
  | UpdateWithRefMessage
  | UpdateFragmentMessage;

/** Every message a server may send. */
export type ServerMessage =
  | SyncStep1Message
  | SyncStep2Message
  | SyncUpdateMessage
  | AwarenessMessage
  | QueryAwarenessMessage
  | PermissionDeniedMessage
  | WelcomeMessage
  | AckMessage
  | RejectedMessage
  | LimitsMessage;
