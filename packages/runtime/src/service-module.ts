import type { Config } from '@rpg-bot/config';
import type { Database, Migration } from '@rpg-bot/db';
import type { AppEnv } from '@rpg-bot/http';
import type { Logger, Metrics } from '@rpg-bot/observability';
import type { Hono } from 'hono';

/** What every service gets from the runtime: injected, never imported as globals. */
export interface ServiceDeps {
  readonly config: Config;
  readonly db: Database;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly clock: () => number;
  /**
   * Registers work to run when the process stops (timers, open sockets), after the HTTP server
   * closed and before the database closes. Hooks run in reverse order of registration.
   */
  readonly onShutdown: (hook: () => Promise<void> | void) => void;
}

/**
 * A deployable unit (relay, jobs) as the runtime sees it: its own migrations and its routes.
 * The all-in-one server boots several modules in one process; each service's `main.ts` boots one.
 */
export interface ServiceModule {
  /** Short name used in logs and as the scope of its migration ids (`relay.0001_…`). */
  readonly name: string;
  /** This service's migrations, applied at start-up in order. */
  readonly migrations: readonly Migration[];
  /**
   * The service's routes, mounted on the shared HTTP app (which adds health, metrics, limits, errors).
   * May be async to load what it needs (e.g. signing keys): a failure then stops start-up, not a request.
   */
  createApp(deps: ServiceDeps): Hono<AppEnv> | Promise<Hono<AppEnv>>;
  /**
   * The largest WebSocket message any of the module's socket routes accepts, from its config. The
   * process's socket layer refuses longer messages from their frame header (close 1009) without
   * buffering them; the largest value over all modules wins. Omitted: the module has no sockets.
   */
  readonly maxWebSocketPayloadBytes?: (config: Config) => number;
}
