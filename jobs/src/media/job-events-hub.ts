import type { Database } from '@rpg-bot/db';
import type { Logger } from '@rpg-bot/observability';
import { JOB_EVENTS_CHANNEL } from './job-store';
import type { JobStatus } from './job-store';

type Listener = (status: JobStatus) => void;

/**
 * One LISTEN per process on the jobs' event channel, fanned out in memory: to the event streams
 * open on a job and to whoever watches every job (the runner aborts cancelled jobs). Notifications
 * carry only `<jobId> <status>`; readers fetch the events themselves, so a lost notification
 * costs latency (the streams also re-read on their heartbeat), never an event.
 */
export class JobEventsHub {
  readonly #byJob = new Map<string, Set<Listener>>();
  readonly #all = new Set<(jobId: string, status: JobStatus) => void>();
  #unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.#unlisten ??= await this.db.listen(JOB_EVENTS_CHANNEL, (payload) => {
      const [jobId, status] = payload.split(' ') as [string, JobStatus | undefined];
      if (status === undefined) return;
      this.publish(jobId, status);
    });
  }

  async stop(): Promise<void> {
    const unlisten = this.#unlisten;
    this.#unlisten = undefined;
    this.#byJob.clear();
    await unlisten?.();
  }

  /** Delivers an event locally (also called for the process's own changes, before the notification echoes). */
  publish(jobId: string, status: JobStatus): void {
    for (const listener of [...(this.#byJob.get(jobId) ?? [])]) {
      try {
        listener(status);
      } catch (error) {
        this.logger.error({ err: error, jobId }, 'a job event listener threw');
      }
    }
    for (const listener of this.#all) {
      try {
        listener(jobId, status);
      } catch (error) {
        this.logger.error({ err: error, jobId }, 'a job event listener threw');
      }
    }
  }

  /** Calls `listener` after each event of the job; returns the unsubscribe function. */
  onJob(jobId: string, listener: Listener): () => void {
    let listeners = this.#byJob.get(jobId);
    if (listeners === undefined) {
      listeners = new Set();
      this.#byJob.set(jobId, listeners);
    }
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.#byJob.delete(jobId);
    };
  }

  onAny(listener: (jobId: string, status: JobStatus) => void): () => void {
    this.#all.add(listener);
    return () => {
      this.#all.delete(listener);
    };
  }

  /** Open streams' job count (tests check nothing is left behind). */
  get watchedJobs(): number {
    return this.#byJob.size;
  }
}
