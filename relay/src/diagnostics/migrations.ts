import type { Migration } from '@rpg-bot/db';

/**
 * The diagnostics feature's tables (client error reports). Numbers count across the relay (see
 * `relay/src/migrations.ts`); an applied migration never changes: add a new one instead.
 */
export const diagnosticsMigrations: readonly Migration[] = [
  {
    id: '0001_client_error_reports',
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
