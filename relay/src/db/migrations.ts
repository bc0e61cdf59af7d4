import type { Migration } from '@rpg-bot/db';

/** The relay's schema, in order. Applied migrations are immutable: add a new one instead of editing. */
export const relayMigrations: readonly Migration[] = [
  {
    id: 'relay.0001_client_error_reports',
    sql: `
      CREATE TABLE client_error_reports (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        received_at timestamptz NOT NULL DEFAULT now(),
        occurred_at timestamptz NOT NULL,
        trace_id    text NOT NULL,
        message     text NOT NULL,
        stack       text,
        url         text,
        app_version text,
        user_agent  text
      );
    `,
  },
];
