import type { Migration } from '@rpg-bot/db';

/**
 * The auth tables, in order. Ids sort after every relay migration applied before them
 * (`relay.sync.…`), as the migration runner requires. Applied migrations are immutable.
 */
export const authMigrations: readonly Migration[] = [
  {
    id: 'relay.v0004_revoked_sessions',
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
    id: 'relay.v0005_revoked_session_ids',
    // A logout revokes the whole session (the token's `sid`, kept by every refresh), not one token.
    // Rows written before hold the jti of a token without `sid`, which is exactly its session id.
    sql: `
      ALTER TABLE revoked_sessions RENAME COLUMN jti TO session_id;
    `,
  },
];
