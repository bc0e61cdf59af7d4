import type { Migration } from '@rpg-bot/db';

/**
 * The party event log's schema, in order. Numbers count across the relay (`relay/src/migrations.ts`);
 * `formerly` is the id releases before 2026-12-07 recorded (ADR 0019). Applied migrations are
 * immutable: add a new one instead of editing.
 */
export const partyMigrations: Migration[] = [
  {
    id: '0004_party_events',
    formerly: ['relay.v0003_party_events'],
    sql: `
      -- One row per campaign: the seq counter appends lock (so seqs have no gaps and never collide
      -- across relay processes), and the oldest seq retention kept.
      CREATE TABLE party_heads (
        campaign_id        text PRIMARY KEY,
        head_seq           bigint NOT NULL DEFAULT 0,
        first_retained_seq bigint NOT NULL DEFAULT 1
      );
      CREATE TABLE party_events (
        campaign_id text NOT NULL,
        seq         bigint NOT NULL,
        event_id    text NOT NULL,
        actor_id    text NOT NULL,
        type        text NOT NULL,
        envelope    jsonb NOT NULL,
        created_at  timestamptz NOT NULL,
        PRIMARY KEY (campaign_id, seq),
        -- The idempotency key: a client re-sending its event id gets the original seq.
        UNIQUE (campaign_id, actor_id, event_id)
      );
      -- Age retention looks for the newest expired seq per campaign.
      CREATE INDEX party_events_created_at ON party_events (created_at);
    `,
  },
];
