import type { Database, Queryable } from '@rpg-bot/db';
import type { Logger } from '@rpg-bot/observability';
import PgBoss from 'pg-boss';
import { pgBossDb } from './pg-boss-db';

/** pg-boss's schema: its own tables, beside ours (ADR 0022). */
export const QUEUE_SCHEMA = 'media_queue';
const QUEUE = 'media';
/** How long an idle worker waits before looking again (pg-boss's own minimum polling interval). */
const POLL_MS = 500;

export interface MediaQueueOptions {
  readonly db: Database;
  readonly logger: Logger;
  /**
   * Seconds a worker may hold a job before pg-boss treats its process as dead and hands the job to
   * another (after a SIGKILL, say). Must exceed a job's longest run: every attempt's timeout plus the backoffs.
   */
  readonly expireInSeconds: number;
  /** Times pg-boss hands out a job again after it expired (a crash); attempts on the job bound the work anyway. */
  readonly crashRetries: number;
}

/**
 * The durable queue of media jobs: pg-boss over the `Database` port (ADR 0022). It only says
 * which job runs when and in which process; the job's state lives in `media_jobs`. A job is sent
 * with the job's own id, in the transaction that inserts the job, so a job is queued exactly when
 * its row exists.
 */
export class MediaQueue {
  readonly #boss: PgBoss;
  readonly #options: MediaQueueOptions;
  readonly #loops: Promise<void>[] = [];
  readonly #waiters = new Set<() => void>();
  #started = false;

  constructor(options: MediaQueueOptions) {
    this.#options = options;
    this.#boss = new PgBoss({
      db: pgBossDb(options.db),
      schema: QUEUE_SCHEMA,
      supervise: true,
      // Expired jobs (dead workers) are found within this many seconds.
      maintenanceIntervalSeconds: 5,
      monitorStateIntervalSeconds: 60,
    });
    this.#boss.on('error', (error) => {
      options.logger.error({ err: error }, 'media queue error');
    });
  }

  /** Installs or migrates pg-boss's schema (under its own advisory lock) and the queue. */
  async start(): Promise<void> {
    await this.#boss.start();
    this.#started = true;
    const policy = {
      retryLimit: this.#options.crashRetries,
      retryDelay: 1,
      retryBackoff: true,
      expireInSeconds: this.#options.expireInSeconds,
      retentionDays: 7,
    };
    // Processes starting together on a fresh database can deadlock inside pg-boss's create_queue
    // (40P01, measured): the loser looks again, and creates it itself only if it is still missing.
    for (let attempt = 1; ; attempt++) {
      if ((await this.#boss.getQueue(QUEUE)) !== null) {
        await this.#boss.updateQueue(QUEUE, { name: QUEUE, ...policy });
        return;
      }
      try {
        await this.#boss.createQueue(QUEUE, { name: QUEUE, ...policy });
        return;
      } catch (error) {
        if (attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200 * attempt));
      }
    }
  }

  /** Queues the job inside the caller's transaction (committed with the job's row). */
  async send(tx: Queryable, jobId: string): Promise<void> {
    await this.#boss.send(QUEUE, { jobId }, { id: jobId, db: pgBossDb(tx) } as PgBoss.SendOptions);
  }

  /**
   * Starts `concurrency` workers in this process. Each fetches one job, runs it, completes it and
   * fetches the next at once; only an empty queue makes it wait (500 ms, or until {@link wake}).
   * (pg-boss 10's own `work()` sleeps out its polling interval after every job: 2 jobs/s per
   * worker at batch size 1 — ADR 0022.)
   */
  work(concurrency: number, run: (jobId: string) => Promise<void>): void {
    for (let i = 0; i < concurrency; i++) this.#loops.push(this.#loop(run));
  }

  async #loop(run: (jobId: string) => Promise<void>): Promise<void> {
    const { logger } = this.#options;
    while (this.#started) {
      let jobs: PgBoss.Job<{ jobId: string }>[] = [];
      try {
        jobs = await this.#boss.fetch<{ jobId: string }>(QUEUE, { batchSize: 1 });
      } catch (error) {
        logger.error({ err: error }, 'fetching a media job failed');
      }
      if (jobs.length === 0) {
        await this.#idle(POLL_MS);
        continue;
      }
      for (const job of jobs) {
        try {
          await run(job.data.jobId);
          await this.#boss.complete(QUEUE, job.id);
        } catch (error) {
          // The runner records outcomes itself; this is a failure around it (the database, say): pg-boss retries.
          logger.error({ err: error, jobId: job.data.jobId }, 'running a media job failed');
          await this.#boss.fail(QUEUE, job.id).catch((failError: unknown) => {
            logger.error({ err: failError, jobId: job.data.jobId }, 'marking a media job failed in the queue failed');
          });
        }
      }
    }
  }

  #idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      this.#waiters.add(done);
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  /** Wakes this process's idle workers at once (a job was just queued) instead of at their next poll. */
  wake(): void {
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const waiter of waiters) waiter();
  }

  /** Removes a queued job (cancelled before it ran); a running one finishes its handler and completes. */
  async cancel(jobId: string): Promise<void> {
    try {
      await this.#boss.cancel(QUEUE, jobId);
    } catch (error) {
      this.#options.logger.warn({ err: error, jobId }, 'cancelling the queue entry failed; the worker will skip the cancelled job');
    }
  }

  /** Stops fetching, lets running jobs finish (up to `timeoutMs`), stops maintenance. */
  async stop(timeoutMs: number): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    this.wake();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(this.#loops), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    await this.#boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: false });
  }
}
