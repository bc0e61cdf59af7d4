import type { Database, Queryable } from '@rpg-bot/db';
import type { Logger } from '@rpg-bot/observability';
import PgBoss from 'pg-boss';
import { pgBossDb } from './pg-boss-db';

/** pg-boss's schema: its own tables, beside ours (ADR 0022). */
export const QUEUE_SCHEMA = 'media_queue';
const QUEUE = 'media';

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
  readonly #workers: string[] = [];
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
    const existing = await this.#boss.getQueue(QUEUE);
    if (existing === null) {
      try {
        await this.#boss.createQueue(QUEUE, { name: QUEUE, ...policy });
      } catch (error) {
        // Another process created it first.
        if ((await this.#boss.getQueue(QUEUE)) === null) throw error;
      }
    } else {
      await this.#boss.updateQueue(QUEUE, { name: QUEUE, ...policy });
    }
  }

  /** Queues the job inside the caller's transaction (committed with the job's row). */
  async send(tx: Queryable, jobId: string): Promise<void> {
    await this.#boss.send(QUEUE, { jobId }, { id: jobId, db: pgBossDb(tx) } as PgBoss.SendOptions);
  }

  /** Starts `concurrency` workers in this process, each running one job at a time through `run`. */
  async work(concurrency: number, run: (jobId: string) => Promise<void>): Promise<void> {
    for (let i = 0; i < concurrency; i++) {
      const id = await this.#boss.work<{ jobId: string }>(QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async (jobs) => {
        for (const job of jobs) await run(job.data.jobId);
      });
      this.#workers.push(id);
    }
  }

  /** Wakes this process's idle workers at once (a job was just queued) instead of at their next poll. */
  wake(): void {
    for (const id of this.#workers) this.#boss.notifyWorker(id);
  }

  /** Removes a queued job (cancelled before it ran); a running one finishes its handler and completes. */
  async cancel(jobId: string): Promise<void> {
    try {
      await this.#boss.cancel(QUEUE, jobId);
    } catch (error) {
      this.#options.logger.warn({ err: error, jobId }, 'cancelling the queue entry failed; the worker will skip the cancelled job');
    }
  }

  /** Stops fetching, lets running handlers finish (up to `timeoutMs`), stops maintenance. */
  async stop(timeoutMs: number): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    await this.#boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: false });
  }
}
