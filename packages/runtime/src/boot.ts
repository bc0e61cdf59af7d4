import type { Config } from '@rpg-bot/config';
import { openDatabase, runMigrations } from '@rpg-bot/db';
import type { Database } from '@rpg-bot/db';
import { createHttpApp, createMetricsApp, serveHttp } from '@rpg-bot/http';
import type { AppEnv, RunningServer } from '@rpg-bot/http';
import { createLogger, createMetrics } from '@rpg-bot/observability';
import type { Logger } from '@rpg-bot/observability';
import type { Hono } from 'hono';
import { createReadinessCheck } from './readiness';
import type { ServiceModule } from './service-module';
import { mountStaticClient } from './static-client';

export interface BootOptions {
  readonly config: Config;
  readonly modules: readonly ServiceModule[];
  /** Directory of the built client to serve at `/` (the all-in-one server); omitted for API-only services. */
  readonly staticDir?: string;
  readonly version: string;
  /** Injected for tests; defaults to a pino logger on stdout at the configured level. */
  readonly logger?: Logger;
  readonly clock?: () => number;
}

export interface RunningStack {
  readonly url: string;
  readonly port: number;
  /** Base URL of the metrics port when `METRICS_PORT` is set (`/metrics` is then not on `url`). */
  readonly metricsUrl?: string;
  readonly app: Hono<AppEnv>;
  readonly db: Database;
  readonly logger: Logger;
  /** Stops accepting connections, lets in-flight requests finish, then closes the database. */
  close(): Promise<void>;
}

/**
 * Boots one process: database (embedded PGlite or PostgreSQL), each module's migrations, the shared
 * HTTP app with every module's routes, optionally the client, and the listening server.
 */
export async function bootStack(options: BootOptions): Promise<RunningStack> {
  const { config, modules, version } = options;
  const clock = options.clock ?? Date.now;
  const logger = options.logger ?? createLogger({ level: config.logLevel, name: 'rpg-bot' });

  const shutdownHooks: (() => Promise<void> | void)[] = [];
  const runShutdownHooks = async () => {
    for (const hook of shutdownHooks.splice(0)) {
      try {
        await hook();
      } catch (error) {
        logger.error({ err: error }, 'shutdown hook failed');
      }
    }
  };
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  try {
    // Fail fast on an unreachable server: the PostgreSQL adapter connects lazily.
    await db.ping();
    for (const module of modules) {
      const { applied } = await runMigrations(db, module.migrations, { logger, scope: module.name });
      if (applied.length > 0) logger.info({ service: module.name, applied }, 'migrations applied');
    }
    const metrics = createMetrics();
    const readiness = createReadinessCheck(
      db,
      modules.map((m) => ({ scope: m.name, migrations: m.migrations })),
      clock,
      logger,
    );
    // METRICS_PORT moves /metrics off the public port; METRICS_TOKEN guards it wherever it is.
    const metricsEndpoint = config.metricsPort === undefined ? { token: config.metricsToken } : false;
    const app = createHttpApp({ config, logger, metrics, readiness, clock, version, metricsEndpoint });
    const onShutdown = (hook: () => Promise<void> | void) => {
      shutdownHooks.unshift(hook);
    };
    for (const module of modules) {
      app.route('/', await module.createApp({ config, db, logger: logger.child({ service: module.name }), metrics, clock, onShutdown }));
    }
    if (options.staticDir !== undefined && !mountStaticClient(app, options.staticDir)) {
      logger.warn({ staticDir: options.staticDir }, 'client build not found; serving the API only');
    }
    const payloadCeilings = modules.flatMap((module) => (module.maxWebSocketPayloadBytes === undefined ? [] : [module.maxWebSocketPayloadBytes(config)]));
    const server = await serveHttp(app, {
      host: config.host,
      port: config.port,
      logger,
      shutdownTimeoutMs: config.shutdownTimeoutMs,
      ...(payloadCeilings.length === 0 ? {} : { maxWebSocketPayloadBytes: Math.max(...payloadCeilings) }),
    });
    let metricsServer: RunningServer | undefined;
    if (config.metricsPort !== undefined) {
      try {
        metricsServer = await serveHttp(createMetricsApp({ metrics, logger, token: config.metricsToken, clock }), {
          host: config.host,
          port: config.metricsPort,
          logger,
          shutdownTimeoutMs: config.shutdownTimeoutMs,
        });
      } catch (error) {
        await server.close();
        throw error;
      }
      logger.info({ url: metricsServer.url }, 'metrics listening');
    }
    logger.info({ url: server.url, database: db.kind, services: modules.map((m) => m.name) }, 'listening');
    return {
      url: server.url,
      port: server.port,
      ...(metricsServer === undefined ? {} : { metricsUrl: metricsServer.url }),
      app,
      db,
      logger,
      close: async () => {
        await Promise.all([server.close(), metricsServer?.close()]);
        await runShutdownHooks();
        await db.close();
        logger.info('stopped');
      },
    };
  } catch (error) {
    await runShutdownHooks();
    await db.close();
    throw error;
  }
}
