import type { Database } from '@rpg-bot/db';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';

/** Prometheus metrics of media jobs (registered on the process's registry). */
export interface MediaMetrics {
  readonly queueDepth: Gauge<'type' | 'status'>;
  readonly waitSeconds: Histogram<'type'>;
  readonly durationSeconds: Histogram<'type' | 'provider'>;
  readonly finished: Counter<'type' | 'provider' | 'outcome'>;
  readonly attemptFailures: Counter<'provider' | 'code'>;
  readonly breakerOpen: Gauge<'provider'>;
  readonly artifactBytes: Counter<'type'>;
  readonly refused: Counter<'reason'>;
}

/** Creates the metrics; the queue depth is read from the database at each scrape (every process sees the same queue). */
export function createMediaMetrics(registry: Registry, db: Database): MediaMetrics {
  const registers = [registry];
  return {
    queueDepth: new Gauge({
      name: 'jobs_media_queue_depth',
      help: 'Media jobs waiting or running, by type and status (read from the database at scrape time).',
      labelNames: ['type', 'status'] as const,
      registers,
      async collect() {
        const { rows } = await db.query<{ type: string; status: string; n: number }>(
          "SELECT type, status, count(*)::int AS n FROM media_jobs WHERE status IN ('queued', 'running') GROUP BY type, status",
        );
        this.reset();
        for (const type of ['tts', 'img', 'avatar']) for (const status of ['queued', 'running']) this.set({ type, status }, 0);
        for (const row of rows) this.set({ type: row.type, status: row.status }, row.n);
      },
    }),
    waitSeconds: new Histogram({
      name: 'jobs_media_wait_seconds',
      help: 'Seconds from a media job’s request to the start of its first run in a worker.',
      labelNames: ['type'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    }),
    durationSeconds: new Histogram({
      name: 'jobs_media_duration_seconds',
      help: 'Seconds of the successful provider attempt of a media job (render, check, store).',
      labelNames: ['type', 'provider'] as const,
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    finished: new Counter({
      name: 'jobs_media_finished_total',
      help: 'Media jobs that finished, by type, provider and outcome (succeeded, failed, cancelled).',
      labelNames: ['type', 'provider', 'outcome'] as const,
      registers,
    }),
    attemptFailures: new Counter({
      name: 'jobs_media_attempt_failures_total',
      help: 'Failed provider attempts, by provider and job error code.',
      labelNames: ['provider', 'code'] as const,
      registers,
    }),
    breakerOpen: new Gauge({
      name: 'jobs_media_breaker_open',
      help: '1 while a provider’s circuit breaker is open in this process.',
      labelNames: ['provider'] as const,
      registers,
    }),
    artifactBytes: new Counter({
      name: 'jobs_media_artifact_bytes_total',
      help: 'Bytes of media results stored, by job type.',
      labelNames: ['type'] as const,
      registers,
    }),
    refused: new Counter({
      name: 'jobs_media_requests_refused_total',
      help: 'Media requests refused: POST /v1/jobs by back-pressure (queue_full_user, queue_full_total) or as an idempotency conflict; an event stream over the per-user cap (too_many_streams).',
      labelNames: ['reason'] as const,
      registers,
    }),
  };
}
