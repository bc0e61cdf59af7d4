import type { Migration } from '@rpg-bot/db';

/**
 * The jobs service's tables, recorded as `jobs.NNNN_name` (ADR 0019). pg-boss keeps its own
 * tables in the `media_queue` schema and installs them itself at start (ADR 0022). Applied
 * migrations are immutable: add a new one instead of editing.
 */
export const jobsMigrations: Migration[] = [
  {
    id: '0001_media_jobs',
    sql: `
      -- One row per media job: the system of record for its status, attempts, result and error
      -- (the queue row in media_queue only says when to run it). (created_by, client_token) is the
      -- idempotency key: a repeated request finds its job instead of making another.
      CREATE TABLE media_jobs (
        id             text PRIMARY KEY,
        campaign_id    text NOT NULL,
        created_by     text NOT NULL,
        client_token   text NOT NULL,
        type           text NOT NULL CHECK (type IN ('tts', 'img', 'avatar')),
        payload        jsonb NOT NULL,
        payload_hash   text NOT NULL,
        status         text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
        progress       real NOT NULL DEFAULT 0,
        attempts       integer NOT NULL DEFAULT 0,
        max_attempts   integer NOT NULL,
        provider       text,
        result_sha256  text,
        result_mime    text,
        result_bytes   integer,
        result_meta    jsonb,
        error_code     text,
        error_message  text,
        trace_id       text,
        event_seq      integer NOT NULL DEFAULT 0,
        created_at     timestamptz NOT NULL,
        updated_at     timestamptz NOT NULL,
        finished_at    timestamptz,
        UNIQUE (created_by, client_token)
      );
      -- The media library: a campaign's jobs, newest first.
      CREATE INDEX media_jobs_campaign ON media_jobs (campaign_id, created_at DESC, id DESC);
      -- Back-pressure counts what is waiting or running, globally and per user.
      CREATE INDEX media_jobs_open ON media_jobs (created_by) WHERE status IN ('queued', 'running');
      -- Artifact access: which campaigns hold a hash.
      CREATE INDEX media_jobs_result ON media_jobs (result_sha256) WHERE result_sha256 IS NOT NULL;

      -- What happened to a job, in order: the Server-Sent Events of /v1/jobs/{id}/events, replayed
      -- after Last-Event-ID. A few rows per attempt (progress is recorded in steps of 10 %).
      CREATE TABLE media_job_events (
        job_id  text NOT NULL REFERENCES media_jobs (id) ON DELETE CASCADE,
        seq     integer NOT NULL,
        type    text NOT NULL,
        at      timestamptz NOT NULL,
        -- The job as it was right after the event (what the event's data carries).
        job     jsonb NOT NULL,
        PRIMARY KEY (job_id, seq)
      );
    `,
  },
];
