import type { Database, Queryable } from '@rpg-bot/db';
import type { Logger } from '@rpg-bot/observability';
import PgBoss from 'pg-boss';
import { pgBossDb } from './pg-boss-db';

/** pg-boss's schema: its own tables, beside ours (ADR 0022). */
export const QUEUE_SCHEMA = 'media_queue';
const QUEUE = 'media';
/** How long an idle worker waits before looking again (pg-boss's own minimum polling interval). */
const POLL_MS = 500;
/** Longest a finished job waits for its completion to be sent while the queue is busy (they go in one statement). */
const COMPLETE_EVERY_MS = 250;

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
  /** Milliseconds now (batches completions); Date.now when absent. */
  readonly clock?: () => number;
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
  readonly #completed: string[] = [];
  readonly #clock: () => number;
  #lastCompleteAt = 0;
  #started = false;

  constructor(options: MediaQueueOptions) {
    this.#options = options;
    this.#clock = options.clock ?? Date.now;
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
   * Runs up to `concurrency` jobs at once in this process. One loop fetches as many jobs as there
   * are free slots in one statement, starts them, and fetches again as soon as a slot frees; only
   * an empty queue makes it wait (500 ms, or until {@link wake}). (pg-boss 10's own `work()`
   * sleeps out its polling interval after every job: 2 jobs/s per worker at batch size 1 — ADR 0022.)
   *
   * Completions are sent in batches ({@link COMPLETE_EVERY_MS}, before idling, and at stop), not
   * one statement per job. That is safe because `media_jobs` is the system of record: a job whose
   * completion is lost with its process expires, is handed out again, and its run returns at once
   * (it is finished). Failures around a run are sent at once, so pg-boss retries them.
   */
  work(concurrency: number, run: (jobId: string) => Promise<void>): void {
    if (concurrency > 0) this.#loops.push(this.#loop(concurrency, run));
  }

  async #loop(concurrency: number, run: (jobId: string) => Promise<void>): Promise<void> {
    const { logger } = this.#options;
    const running = new Set<Promise<void>>();
    while (this.#started) {
      if (running.size >= concurrency) {
        await Promise.race(running);
        continue;
      }
      if (this.#completed.length > 0 && this.#clock() - this.#lastCompleteAt >= COMPLETE_EVERY_MS) await this.#flushCompleted();
      let jobs: PgBoss.Job<{ jobId: string }>[] = [];
      try {
        jobs = await this.#boss.fetch<{ jobId: string }>(QUEUE, { batchSize: concurrency - running.size });
      } catch (error) {
        logger.error({ err: error }, 'fetching a media job failed');
      }
      if (jobs.length === 0) {
        await this.#flushCompleted();
        // Idle until a job is queued here, the poll interval passes, or a running job ends.
        await Promise.race([this.#idle(POLL_MS), ...running]);
        continue;
      }
      for (const job of jobs) {
        const task = this.#runOne(job, run).finally(() => running.delete(task));
        running.add(task);
      }
    }
    await Promise.all(running);
    await this.#flushCompleted();
  }

  async #runOne(job: PgBoss.Job<{ jobId: string }>, run: (jobId: string) => Promise<void>): Promise<void> {
    const { logger } = this.#options;
    try {
      await run(job.data.jobId);
      this.#completed.push(job.id);
    } catch (error) {
      // The runner records outcomes itself; this is a failure around it (the database, say): pg-boss retries.
      logger.error({ err: error, jobId: job.data.jobId }, 'running a media job failed');
      await this.#boss.fail(QUEUE, job.id).catch((failError: unknown) => {
        logger.error({ err: failError, jobId: job.data.jobId }, 'marking a media job failed in the queue failed');
      });
    }
  }

  /** Completes the finished jobs in one statement; on error they stay listed for the next try. */
  async #flushCompleted(): Promise<void> {
    if (this.#completed.length === 0) return;
    const ids = this.#completed.splice(0);
    this.#lastCompleteAt = this.#clock();
    try {
      await this.#boss.complete(QUEUE, ids);
    } catch (error) {
      this.#completed.push(...ids);
      this.#options.logger.error({ err: error, jobs: ids.length }, 'completing media jobs in the queue failed');
    }
  }

  #idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const waiters = this.#waiters;
      const timer = setTimeout(done, ms);
      waiters.add(done);
      function done() {
        clearTimeout(timer);
        waiters.delete(done);
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
