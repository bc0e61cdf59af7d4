import type { Migration } from '@rpg-bot/db';

/**
 * The auth tables (signed-out sessions), in order. Numbers count across the relay
 * (`relay/src/migrations.ts`); `formerly` is the id releases before 2026-12-07 recorded (ADR 0019).
 * Applied migrations are immutable: add a new one instead of editing.
 */
export const authMigrations: readonly Migration[] = [
  {
    id: '0005_revoked_sessions',
    formerly: ['relay.v0004_revoked_sessions'],
    // One row per signed-out session token, kept until the token would have expired anyway.
    sql: `
      CREATE TABLE revoked_sessions (
        jti        text PRIMARY KEY,
        user_id    text NOT NULL,
        revoked_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX revoked_sessions_expires_idx ON revoked_sessions (expires_at);
    `,
  },
  {
    id: '0006_revoked_session_ids',
    formerly: ['relay.v0005_revoked_session_ids'],
    // A logout revokes the whole session (the token's `sid`, kept by every refresh), not one token.
    // Rows written before hold the jti of a token without `sid`, which is exactly its session id.
    sql: `
      ALTER TABLE revoked_sessions RENAME COLUMN jti TO session_id;
    `,
  },
];
