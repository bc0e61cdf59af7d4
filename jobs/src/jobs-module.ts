import type { AppEnv } from '@rpg-bot/http';
import type { ServiceModule } from '@rpg-bot/runtime';
import { Hono } from 'hono';

/**
 * The jobs service as a module: media jobs, structured generation and memory search land here
 * (see docs/architecture/overview.md). It has no routes or tables yet; booted alone it already
 * serves /healthz, /readyz and /metrics through the shared HTTP foundation.
 */
export const jobsModule: ServiceModule = {
  name: 'jobs',
  migrations: [],
  createApp: () => new Hono<AppEnv>(),
};
