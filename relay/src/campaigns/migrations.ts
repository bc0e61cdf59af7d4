import type { Migration } from '@rpg-bot/db';

/**
 * The campaigns feature's tables: users (the auth feature's `UserStore` reads and writes them),
 * campaigns, members, invites and the campaign docs. Numbers count across the relay (see
 * `relay/src/migrations.ts`); an applied migration never changes: add a new one instead.
 */
export const campaignMigrations: readonly Migration[] = [
  {
    id: '0002_users_campaigns_invites',
    // Ids are text: Telegram ids exceed 32 bits and dev users are `dev:<uuid>`; campaign and doc
    // ids are UUIDs made by the relay. Invites are multi-use until they expire or are revoked, so
    // they count acceptances instead of being consumed.
    sql: `
      CREATE TABLE users (
        id         text PRIMARY KEY,
        name       text NOT NULL,
        created_at timestamptz NOT NULL
      );
      CREATE TABLE campaigns (
        id         text PRIMARY KEY,
        title      text NOT NULL,
        created_by text NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL
      );
      CREATE TABLE campaign_members (
        campaign_id text NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        user_id     text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role        text NOT NULL CHECK (role IN ('gm', 'player', 'viewer')),
        joined_at   timestamptz NOT NULL,
        PRIMARY KEY (campaign_id, user_id)
      );
      CREATE INDEX campaign_members_user_idx ON campaign_members (user_id);
      CREATE TABLE invites (
        code           text PRIMARY KEY,
        campaign_id    text NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        role           text NOT NULL CHECK (role IN ('player', 'viewer')),
        created_by     text NOT NULL REFERENCES users (id),
        created_at     timestamptz NOT NULL,
        expires_at     timestamptz NOT NULL,
        revoked_at     timestamptz,
        accepted_count integer NOT NULL DEFAULT 0
      );
      CREATE INDEX invites_campaign_idx ON invites (campaign_id);
      CREATE TABLE campaign_docs (
        doc_id        text PRIMARY KEY,
        campaign_id   text NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        kind          text NOT NULL CHECK (kind IN ('shared', 'gm', 'private')),
        owner_user_id text REFERENCES users (id),
        created_at    timestamptz NOT NULL,
        CHECK ((kind = 'private') = (owner_user_id IS NOT NULL))
      );
      CREATE UNIQUE INDEX campaign_docs_one_shared_gm ON campaign_docs (campaign_id, kind) WHERE kind <> 'private';
      CREATE UNIQUE INDEX campaign_docs_one_private ON campaign_docs (campaign_id, owner_user_id) WHERE kind = 'private';
    `,
  },
];
