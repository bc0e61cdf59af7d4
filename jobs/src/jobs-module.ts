import { bearerAuth, IdentityReader, refuseRevokedTokens, SESSION_TOKEN_AUDIENCE, SESSION_TOKEN_ISSUER } from '@rpg-bot/access';
import { createTokenService, loadOrCreateSigningKeys } from '@rpg-bot/auth';
import type { AppEnv } from '@rpg-bot/http';
import type { ServiceModule } from '@rpg-bot/runtime';
import type { ModuleImporter } from '@rpg-bot/spi';
import { loadProviders } from '@rpg-bot/spi';
import { Hono } from 'hono';
import { mountMedia } from './media';
import { jobsMigrations } from './migrations';

/** What a composition may replace in the jobs service (tests: the jitter; how provider packages are imported). */
export interface JobsModuleOptions {
  readonly random?: () => number;
  readonly importModule?: ModuleImporter;
  readonly retry?: {
    readonly baseDelayMs?: number;
    readonly maxDelayMs?: number;
    readonly breakerThreshold?: number;
    readonly breakerHalfOpenAfterMs?: number;
  };
  readonly heartbeatSeconds?: number;
  /** Job event streams one user may hold open at once (32 when absent). */
  readonly maxStreamsPerUser?: number;
}

/**
 * The jobs service as a module: media jobs (narration, scene art, portraits) through a pg-boss
 * queue and the providers the configuration names (docs/architecture/spi.md). It reads who is
 * signed in and who belongs to which campaign from the relay's tables (`IdentityReader`).
 */
export const createJobsModule = (options: JobsModuleOptions = {}): ServiceModule => ({
  name: 'jobs',
  migrations: jobsMigrations,
  createApp: async ({ config, db, logger, metrics, clock, onShutdown }) => {
    const identity = new IdentityReader(db);
    const keys = await loadOrCreateSigningKeys({
      dataDir: config.dataDir,
      ...(config.sessionSigningKey === undefined ? {} : { privateKeyPem: config.sessionSigningKey }),
      logger: logger.child({ component: 'session-keys' }),
    });
    const tokens = refuseRevokedTokens(
      createTokenService({ keys, issuer: SESSION_TOKEN_ISSUER, audience: SESSION_TOKEN_AUDIENCE, ttlSeconds: config.sessionTtlSeconds, now: clock }),
      identity,
    );
    const loaded = await loadProviders(
      { tts: config.ttsProvider, image: config.imageProvider, avatar: config.avatarProvider, artifacts: config.artifactStore },
      { env: process.env, dataDir: config.dataDir, db, logger: logger.child({ component: 'providers' }), clock },
      options.importModule,
    );
    logger.info(Object.fromEntries(Object.values(loaded).map((p) => [p.capability, `${p.packageName}:${p.factory.name}`])), 'media providers loaded');
    const media = await mountMedia({
      db,
      clock,
      logger,
      registry: metrics.registry,
      auth: bearerAuth(tokens, identity),
      roles: identity,
      providers: { tts: loaded.tts.instance, image: loaded.image.instance, avatar: loaded.avatar.instance },
      artifacts: loaded.artifacts.instance,
      concurrency: config.jobsConcurrency,
      maxAttempts: config.jobsMaxAttempts,
      backPressure: { maxQueued: config.jobsMaxQueued, maxQueuedPerUser: config.jobsMaxQueuedPerUser },
      retry: { timeoutMs: config.jobsProviderTimeoutMs, ...options.retry },
      ...(options.random === undefined ? {} : { random: options.random }),
      ...(options.heartbeatSeconds === undefined ? {} : { heartbeatSeconds: options.heartbeatSeconds }),
      ...(options.maxStreamsPerUser === undefined ? {} : { maxStreamsPerUser: options.maxStreamsPerUser }),
    });
    onShutdown(() => media.stop(config.shutdownTimeoutMs));
    const app = new Hono<AppEnv>();
    app.route('/', media.app);
    return app;
  },
});

/** The jobs service with its production defaults. */
export const jobsModule: ServiceModule = createJobsModule();
