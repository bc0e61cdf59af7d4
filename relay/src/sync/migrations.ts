import type { Migration } from '@rpg-bot/db';

/**
 * The update log's schema, in order. Numbers count across the relay (`relay/src/migrations.ts`);
 * `formerly` is the id releases before 2026-12-07 recorded (ADR 0019). Applied migrations are
 * immutable: add a new one instead of editing.
 */
export const syncMigrations: Migration[] = [
  {
    id: '0003_update_log',
    formerly: ['relay.sync.0001_update_log'],
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
  {
    // The doc size limit counts the document (snapshot + tail), not its history checkpoints
    // (ADR 0017): recount every doc stored by earlier code, which counted checkpoints too.
    id: '0007_doc_size_without_history',
    formerly: ['relay.v0006_doc_size_without_history'],
    sql: `
      UPDATE sync_docs d SET stored_bytes =
        COALESCE((SELECT octet_length(s.state) FROM sync_snapshots s WHERE s.doc_id = d.doc_id), 0)
        + COALESCE((SELECT sum(octet_length(u.update)) FROM sync_updates u WHERE u.doc_id = d.doc_id), 0);
    `,
  },
];
