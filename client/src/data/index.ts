/**
 * The client's local-first data layer (no React): campaign docs as Yjs documents persisted in
 * IndexedDB and synced through the relay with durable acknowledgements, and party feeds with an
 * offline outbox. See README.md.
 */
export { DocStore } from './doc-store';
export { InMemoryDocStorage } from './in-memory-doc-storage';
export { IndexedDbDocStorage } from './indexeddb-doc-storage';
export { DEFAULT_DB_NAME, LocalDb } from './local-db';
export type { MediaAttachment, MediaRequestRow } from './local-db';
export { isFinishedStatus, MediaStore } from './media-store';
export type { ArtifactRef, MediaApi, MediaAsk, MediaEntry, MediaStatus, MediaStoreOptions } from './media-store';
export type { DocMeta, DocStorage, LoadedDoc, PendingUpdate } from './doc-storage';
export type { Outbox } from './outbox';
export { PartyStore } from './party-store';
export { combineStatus } from './combine-status';
export { InMemoryStash, WebStorageStash } from './unsaved-stash';
export { InvalidPartyEvent, partyEventTypes } from './party-validation';
export { backoffDelay, defaultBackoff, realTimers } from './backoff';
export type { BackoffPolicy, Timers } from './backoff';
export type { IndexedDbImpl } from './local-db';
export type {
  ConnectionOptions,
  DocHandle,
  DocStoreOptions,
  DocSyncStatus,
  PartyEvent,
  PartyFeed,
  PartyStatus,
  PartyStoreOptions,
  SyncRefusal,
  SyncState,
  UnsavedStash,
} from './types';
