import type { AuthEnv, RoleLookup } from '@rpg-bot/access';
import type { Database } from '@rpg-bot/db';
import type { AppEnv } from '@rpg-bot/http';
import type { Logger } from '@rpg-bot/observability';
import type { ArtifactStore } from '@rpg-bot/spi';
import { Hono } from 'hono';
import type { MiddlewareHandler } from 'hono';
import type { Registry } from 'prom-client';
import { artifactRoutes } from './artifact-routes';
import { JobEventsHub } from './job-events-hub';
import { jobRoutes } from './job-routes';
import type { BackPressure } from './job-routes';
import { defaultRetrySettings, JobRunner } from './job-runner';
import type { MediaProviders, RetrySettings } from './job-runner';
import { JobStore } from './job-store';
import { createMediaMetrics } from './media-metrics';
import { MediaQueue } from './media-queue';

export interface MediaOptions {
  readonly db: Database;
  readonly clock: () => number;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly auth: MiddlewareHandler<AuthEnv>;
  readonly roles: RoleLookup;
  readonly providers: MediaProviders;
  readonly artifacts: ArtifactStore;
  /** Jobs this process renders at once; 0 = none (another process renders). */
  readonly concurrency: number;
  readonly maxAttempts: number;
  readonly backPressure: Omit<BackPressure, 'workers'>;
  readonly retry: Pick<RetrySettings, 'timeoutMs'> & Partial<RetrySettings>;
  readonly random?: () => number;
  readonly heartbeatSeconds?: number;
  readonly maxStreamsPerUser?: number;
}

export interface MountedMedia {
  readonly app: Hono<AppEnv>;
  readonly store: JobStore;
  readonly runner: JobRunner;
  readonly hub: JobEventsHub;
  /** Stops the workers (letting running jobs finish for up to `timeoutMs`) and the event listener. */
  stop(timeoutMs?: number): Promise<void>;
}

const abortableSleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });

/**
 * The media feature of the jobs service, wired: the job store, the pg-boss queue, the event hub
 * (LISTEN), the runner with this process's workers, and the routes. Starts the queue and, with
 * `concurrency > 0`, the workers.
 */
export async function mountMedia(options: MediaOptions): Promise<MountedMedia> {
  const { db, clock, logger } = options;
  const retry: RetrySettings = { ...defaultRetrySettings, ...options.retry };
  const metrics = createMediaMetrics(options.registry, db);
  const store = new JobStore(db, clock);
  const hub = new JobEventsHub(db, logger.child({ component: 'job-events' }));
  // Long enough for every attempt's timeout and backoff: pg-boss hands a job to another worker only when its process died.
  let backoffs = 0;
  for (let n = 1; n < options.maxAttempts; n++) backoffs += Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (n - 1));
  const expireInSeconds = Math.ceil((options.maxAttempts * retry.timeoutMs + backoffs) / 1000) + 10;
  const queue = new MediaQueue({ db, logger: logger.child({ component: 'media-queue' }), expireInSeconds, crashRetries: options.maxAttempts });
  const runner = new JobRunner({
    store,
    artifacts: options.artifacts,
    providers: options.providers,
    retry,
    logger: logger.child({ component: 'media-runner' }),
    metrics,
    clock,
    random: options.random ?? Math.random,
    sleep: abortableSleep,
  });
  await hub.start();
  const stopAborting = hub.onAny((jobId, status) => {
    if (status === 'cancelled') runner.abort(jobId);
  });
  try {
    await queue.start();
    if (options.concurrency > 0) queue.work(options.concurrency, (jobId) => runner.run(jobId));
  } catch (error) {
    stopAborting();
    await hub.stop();
    throw error;
  }
  const routes = jobRoutes({
    db,
    store,
    queue,
    hub,
    roles: options.roles,
    auth: options.auth,
    providers: options.providers,
    maxAttempts: options.maxAttempts,
    backPressure: { ...options.backPressure, workers: Math.max(1, options.concurrency) },
    metrics,
    ...(options.heartbeatSeconds === undefined ? {} : { heartbeatSeconds: options.heartbeatSeconds }),
    ...(options.maxStreamsPerUser === undefined ? {} : { maxStreamsPerUser: options.maxStreamsPerUser }),
  });
  const app = new Hono<AppEnv>();
  app.route('/', routes);
  app.route('/', artifactRoutes({ store, artifacts: options.artifacts, auth: options.auth }));
  return {
    app,
    store,
    runner,
    hub,
    async stop(timeoutMs = 10_000) {
      await queue.stop(timeoutMs);
      stopAborting();
      await hub.stop();
    },
  };
}
