import type { ServiceModule } from '@rpg-bot/runtime';
import type { AppEnv } from '@rpg-bot/http';
import { Hono } from 'hono';
import { relayMigrations } from './db/migrations';
import { ClientErrorStore } from './diagnostics/client-error-store';
import { diagnosticsRoutes } from './diagnostics/routes';

/** The relay as a service module: its migrations and its routes under /v1. */
export const relayModule: ServiceModule = {
  name: 'relay',
  migrations: relayMigrations,
  createApp: ({ db }) => {
    const app = new Hono<AppEnv>();
    app.route('/', diagnosticsRoutes(new ClientErrorStore(db)));
    return app;
  },
};
