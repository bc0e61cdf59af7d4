import type { CloudEvent } from '@rpg-bot/contracts';
import type { RejectionCode } from '@rpg-bot/sync-protocol';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { BackoffPolicy, Timers } from './backoff';
import type { DocStorage } from './doc-storage';
import type { IndexedDbImpl } from './local-db';

/**
 * `synced` means every local change was acknowledged by the relay (durably stored there); it is
 * never reported before the ack. `unauthorized` and `forbidden` are final until the user signs in
 * again or is re-invited.
 */
export type SyncState = 'offline' | 'connecting' | 'syncing' | 'synced' | 'unauthorized' | 'forbidden';

/**
 * A local change the relay will not store, taken back on this device (see `revertUpdate`): what
 * the status line explains until a later change of the doc is saved to the server.
 */
export interface SyncRefusal {
  /** `doc_too_large`: the change (or the doc with it) exceeds the relay's document size limit. */
  readonly code: RejectionCode;
  /** Size of the refused change in bytes. */
  readonly bytes: number;
  /** The relay's document size limit (SYNC_MAX_DOC_BYTES), as it announced it. */
  readonly maxDocBytes: number;
}

export interface DocSyncStatus {
  readonly state: SyncState;
  /** The last change taken back because the relay refuses it, until a later change is saved there. */
  readonly refusal?: SyncRefusal;
  /** Local updates stored on this device (IndexedDB) but not yet acknowledged by the relay. */
  readonly pendingUpdates: number;
  /**
   * The same, counted as a person counts changes (`countChanges`: a burst of typing or a paste is
   * one): what the status line says is waiting to upload. 0 exactly when `pendingUpdates` is.
   */
  readonly pendingChanges: number;
  /** Local changes made but still being written to this device; not yet safe across a reload. */
  readonly savingLocally: number;
  /** Highest seq acknowledged by the relay for this doc (0 before the first ack). */
  readonly lastAckedSeq: number;
}

export interface DocHandle {
  readonly docId: string;
  /** Persisted to IndexedDB (Dexie) incrementally; compacted in the background. */
  readonly doc: Y.Doc;
  /** y-protocols awareness, synced via the relay. */
  readonly awareness: Awareness;
  /** Resolves once local IndexedDB state is applied (works offline); rejects if IndexedDB fails. */
  readonly whenLoaded: Promise<void>;
  status(): DocSyncStatus;
  onStatus(listener: (status: DocSyncStatus) => void): () => void;
  /** Ref-counted; the last release disconnects and frees the Y.Doc. Calling it twice is a no-op. */
  release(): void;
}

/** Ports shared by both stores; every one has a browser default. */
export interface ConnectionOptions {
  /** Default `'rpg-bot'`. */
  readonly dbName?: string;
  /** A fresh token, or `null` when signed out. */
  readonly getToken: () => Promise<string | null>;
  /** The relay closed with 4401 and a fresh token did not help. */
  readonly onUnauthorized?: () => void;
  /** Tests in Node pass `ws`. */
  readonly WebSocketImpl?: typeof WebSocket;
  /** IndexedDB implementation (tests pass `fake-indexeddb`); default the browser's. */
  readonly indexedDb?: IndexedDbImpl;
  /** Reconnect timers (default `setTimeout`). */
  readonly timers?: Timers;
  /** Jitter source in [0, 1) (default `Math.random`). */
  readonly random?: () => number;
  readonly backoff?: BackoffPolicy;
  /** Errors of background work (IndexedDB writes); default `console.error`. */
  readonly onError?: (error: unknown, context: string) => void;
}

export interface DocStoreOptions extends ConnectionOptions {
  /** e.g. `'ws://host/v1/sync'`; the doc id is appended as a path segment. */
  readonly relayUrl: string;
  /** Merge a doc's stored update rows into one once there are more than this many (default 100). */
  readonly compactAfter?: number;
  /** Where `stashUnsaved()` puts updates IndexedDB has not stored yet (the app: `WebStorageStash`). */
  readonly stash?: UnsavedStash;
  /**
   * Where docs are kept on this device. Default: `IndexedDbDocStorage` on the store's own Dexie
   * database (`dbName`, `indexedDb`), closed by `destroy()`; tests may pass `InMemoryDocStorage`.
   */
  readonly storage?: DocStorage;
}

/** A party event as the relay stamped it, or one composed here and not yet acknowledged. */
export type PartyEvent = CloudEvent & {
  /** Per-campaign sequence number stamped by the relay; absent while pending. */
  readonly seq?: number;
  readonly actorid?: string;
  readonly actorname?: string;
  /** Composed on this device, not yet acknowledged. */
  readonly pending?: true;
  /** The relay refused it for good (a protocol `rejected` code); it will not be sent again. */
  readonly failed?: string;
};

export interface PartyStatus {
  readonly state: SyncState;
  /** Events composed on this device and not yet acknowledged. */
  readonly pendingEvents: number;
  /** The relay dropped events we never saw (retention); the feed is incomplete. */
  readonly gap: boolean;
  /** Received envelopes that failed validation; they are never shown. */
  readonly droppedInvalid: number;
}

export interface PartyFeed {
  readonly campaignId: string;
  /** Resolves once the Dexie cache and outbox are loaded. */
  readonly whenLoaded: Promise<void>;
  /** Ascending by seq (Dexie cache + live), then pending outbox items (`pending: true`). */
  events(): readonly PartyEvent[];
  onChange(listener: () => void): () => void;
  /** Validates, stores in the outbox, sends when connected; resolves to the event id. */
  publish(type: string, data: unknown): Promise<string>;
  status(): PartyStatus;
  release(): void;
}

export interface PartyStoreOptions extends ConnectionOptions {
  /** e.g. `'ws://host/v1/party'`; the campaign id is appended as a path segment. */
  readonly partyUrl: string;
}

/**
 * Where a page about to be hidden or closed puts the local updates IndexedDB has not stored yet,
 * synchronously: a reload or a closed tab aborts IndexedDB writes still in flight, and an edit typed
 * a moment before must not be lost. The next time the doc is opened its stash is applied as local
 * edits (stored and uploaded like any other) and removed. Yjs updates are idempotent, so a stashed
 * update whose IndexedDB write did finish changes nothing when applied again.
 */
export interface UnsavedStash {
  /** Replaces what is stashed for `docId` with `updates` (nothing stashed when empty). */
  save(docId: string, updates: readonly Uint8Array[]): void;
  /** Returns what is stashed for `docId` and removes it. */
  take(docId: string): Uint8Array[];
}
