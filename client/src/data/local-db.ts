import { Dexie } from 'dexie';
import type { EntityTable, Table } from 'dexie';
import type { CloudEvent, Job, JobCreateRequest } from '@rpg-bot/contracts';

/** One stored Yjs update of a doc: a local edit, a remote update, or the result of a compaction. */
export interface DocUpdateRow {
  readonly id?: number;
  readonly docId: string;
  readonly update: Uint8Array;
}

/** Per-doc bookkeeping; written only together with the doc's first update row. */
export interface DocMetaRow {
  readonly docId: string;
  /** Highest seq the relay acknowledged for this doc on this device. */
  readonly lastAckedSeq: number;
  readonly compactions: number;
  /** `Date.now()` of the last compaction, 0 when never compacted. */
  readonly compactedAt: number;
}

/** A local update the relay has not acknowledged yet (also stored in `docUpdates`). */
export interface DocOutboxRow {
  readonly id?: number;
  readonly docId: string;
  readonly update: Uint8Array;
  /** When the change was made (clock ms); absent on rows stored before it was recorded. */
  readonly madeAt?: number;
}

/** A party event as the relay stamped it (seq, actorid, actorname). */
export interface PartyEventRow {
  readonly campaignId: string;
  readonly seq: number;
  readonly event: CloudEvent;
}

/** A party event composed on this device and not yet acknowledged. */
export interface PartyOutboxRow {
  readonly campaignId: string;
  readonly id: string;
  /** Insertion order, so the outbox is sent in the order the user composed it. */
  readonly createdAt: number;
  readonly event: CloudEvent;
}

/** Where a finished media job's result goes once it is ready (written by the feature that asked). */
export type MediaAttachment =
  { readonly kind: 'character'; readonly docId: string; readonly characterId: string } | { readonly kind: 'notes'; readonly docId: string };

/**
 * A media job asked for on this device: stored before anything is sent, so a request made offline
 * (or while the server said "busy") survives reloads and is sent with the same `clientToken`.
 */
export interface MediaRequestRow {
  readonly campaignId: string;
  readonly clientToken: string;
  /** The signed-in user who asked; another account on the same device never sends it. */
  readonly userId: string;
  readonly createdAt: number;
  readonly request: JobCreateRequest;
  /** What the library shows for it (a character's name, an excerpt, a prompt). */
  readonly label: string;
  readonly attach?: MediaAttachment;
  /** Set once the server accepted it. */
  readonly jobId?: string;
  /** Set when the server refused it for good (a 4xx other than "busy"); the code from the closed set. */
  readonly refused?: string;
  /** True once the result was written to its attachment. */
  readonly attached?: boolean;
}

/** The last snapshot of a campaign's media job the device saw (the library works offline). */
export interface MediaJobRow {
  readonly id: string;
  readonly campaignId: string;
  readonly job: Job;
}

/** A downloaded artifact, kept so narrations play and pictures show with no network. */
export interface MediaArtifactRow {
  readonly sha256: string;
  readonly mime: string;
  readonly bytes: Uint8Array;
  readonly storedAt: number;
}

/** The IndexedDB implementation to use (the browser's by default; `fake-indexeddb` in tests). */
export interface IndexedDbImpl {
  readonly indexedDB: IDBFactory;
  readonly IDBKeyRange: typeof IDBKeyRange;
}

/**
 * The client's one IndexedDB database. Doc updates are stored one row each and merged in the
 * background (see `indexeddb-doc-storage.ts`); outboxes hold what the relay has not acknowledged.
 */
export class LocalDb extends Dexie {
  declare readonly docUpdates: EntityTable<DocUpdateRow, 'id'>;
  declare readonly docMeta: EntityTable<DocMetaRow, 'docId'>;
  declare readonly docOutbox: EntityTable<DocOutboxRow, 'id'>;
  declare readonly partyEvents: Table<PartyEventRow, [string, number]>;
  declare readonly partyOutbox: Table<PartyOutboxRow, [string, string]>;
  declare readonly mediaRequests: Table<MediaRequestRow, [string, string]>;
  declare readonly mediaJobs: EntityTable<MediaJobRow, 'id'>;
  declare readonly mediaArtifacts: EntityTable<MediaArtifactRow, 'sha256'>;

  constructor(name: string, impl?: IndexedDbImpl) {
    super(name, impl === undefined ? {} : { indexedDB: impl.indexedDB, IDBKeyRange: impl.IDBKeyRange });
    this.version(1).stores({
      docUpdates: '++id, docId',
      docMeta: 'docId',
      docOutbox: '++id, docId',
      partyEvents: '[campaignId+seq], campaignId',
      partyOutbox: '[campaignId+id], campaignId, createdAt',
    });
    this.version(2).stores({
      mediaRequests: '[campaignId+clientToken], campaignId, jobId',
      mediaJobs: 'id, campaignId',
      mediaArtifacts: 'sha256',
    });
  }
}

/** Default database name. */
export const DEFAULT_DB_NAME = 'rpg-bot';
