import type { Migration } from '@rpg-bot/db';

/** The update log's schema, in order. Applied migrations are immutable: add a new one instead of editing. */
export const syncMigrations: Migration[] = [
  {
    id: 'relay.sync.0001_update_log',
    sql: `
      -- One row per doc: the seq counter appends lock, and what the doc contains (a Yjs snapshot:
      -- state vector + delete set) so re-sent updates are recognised without loading the doc.
      CREATE TABLE sync_docs (
        doc_id       text PRIMARY KEY,
        head_seq     bigint NOT NULL DEFAULT 0,
        summary      bytea NOT NULL,
        stored_bytes bigint NOT NULL DEFAULT 0
      );
      CREATE TABLE sync_updates (
        doc_id    text NOT NULL,
        seq       bigint NOT NULL,
        update    bytea NOT NULL,
        author_id text NOT NULL,
        at        timestamptz NOT NULL,
        PRIMARY KEY (doc_id, seq)
      );
      -- Kept apart from sync_docs so compaction never contends with appends for the head row.
      CREATE TABLE sync_snapshots (
        doc_id text PRIMARY KEY,
        seq    bigint NOT NULL,
        state  bytea NOT NULL
      );
      CREATE TABLE sync_checkpoints (
        doc_id    text NOT NULL,
        seq       bigint NOT NULL,
        at        timestamptz NOT NULL,
        author_id text NOT NULL,
        base      boolean NOT NULL,
        data      bytea NOT NULL,
        PRIMARY KEY (doc_id, seq)
      );
    `,
  },
];
