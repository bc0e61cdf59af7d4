import { createHash, randomUUID } from 'node:crypto';
import type { AuthEnv, RoleLookup } from '@rpg-bot/access';
import type { CampaignUsage, JobAccepted, JobCreateRequest, JobList, MediaProviders as MediaProvidersBody } from '@rpg-bot/contracts';
import { validators } from '@rpg-bot/contracts';
import type { Database } from '@rpg-bot/db';
import type { AppEnv } from '@rpg-bot/http';
import { ApiError, jsonBody } from '@rpg-bot/http';
import type { Style } from '@rpg-bot/spi';
import { Hono } from 'hono';
import type { MiddlewareHandler } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { JobEventsHub } from './job-events-hub';
import type { MediaProviders } from './job-runner';
import { isFinished } from './job-store';
import type { JobStatus, JobStore, JobType, StoredJob } from './job-store';
import type { MediaMetrics } from './media-metrics';
import type { MediaQueue } from './media-queue';

export interface BackPressure {
  readonly maxQueued: number;
  readonly maxQueuedPerUser: number;
  /** Workers rendering in all processes, roughly (this process's; used only to estimate Retry-After). */
  readonly workers: number;
}

export interface JobRoutesOptions {
  readonly db: Database;
  readonly store: JobStore;
  readonly queue: MediaQueue;
  readonly hub: JobEventsHub;
  readonly roles: RoleLookup;
  readonly auth: MiddlewareHandler<AuthEnv>;
  readonly providers: MediaProviders;
  readonly maxAttempts: number;
  readonly backPressure: BackPressure;
  readonly metrics: MediaMetrics;
  /** Seconds between SSE heartbeats (a comment line, and a re-read of the job's events). */
  readonly heartbeatSeconds?: number;
  /** Event streams one user may hold open at once (each holds a subscription and a timer); more get 429. */
  readonly maxStreamsPerUser?: number;
}

/** Enough for every job a phone shows at once, across a few devices of the same user. */
const DEFAULT_MAX_STREAMS_PER_USER = 32;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const JOB_TYPES: readonly JobType[] = ['tts', 'img', 'avatar'];
const JOB_STATUSES: readonly JobStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];

const noSuchJob = () => new ApiError('not_found', 'No such job, or it belongs to a campaign you are not a member of.');
const noSuchCampaign = () => new ApiError('not_found', 'No such campaign, or you are not a member of it.');

/** JSON with object keys sorted, so equal requests hash equally whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The request's identity for idempotency: what it asks for, not how it is spelled. */
function requestHash(request: JobCreateRequest): string {
  return createHash('sha256')
    .update(canonicalJson({ type: request.type, campaignId: request.campaignId, payload: request.payload }))
    .digest('hex');
}

function requireStyle(styles: readonly Style[], style: string | undefined, what: string): void {
  if (style !== undefined && !styles.some((s) => s.id === style)) {
    throw new ApiError('validation_failed', `Unknown ${what} style "${style}".`, {
      details: { issues: [{ path: '/payload/style', message: `must be one of ${styles.map((s) => `"${s.id}"`).join(', ')}` }] },
    });
  }
}

/** The payload as the job keeps it: the provider-specific ids checked, and every default filled in. */
function normalisePayload(request: JobCreateRequest, providers: MediaProviders): Record<string, unknown> {
  switch (request.type) {
    case 'tts': {
      const { voice, language } = request.payload;
      if (voice !== undefined) {
        const known = providers.tts.voices.find((v) => v.id === voice);
        if (known?.language !== language) {
          const offered = providers.tts.voices.filter((v) => v.language === language).map((v) => `"${v.id}"`);
          throw new ApiError('validation_failed', `Unknown voice "${voice}" for ${language}.`, {
            details: { issues: [{ path: '/payload/voice', message: `must be one of ${offered.join(', ')}` }] },
          });
        }
      }
      return { ...request.payload };
    }
    case 'img': {
      requireStyle(providers.image.styles, request.payload.style, 'image');
      // Without a seed the client token picks one, so a retried request renders the same picture.
      const seed = request.payload.seed ?? createHash('sha256').update(request.clientToken).digest().readUInt32BE(0) % 2147483648;
      return { size: '768x512', language: 'en', ...request.payload, seed };
    }
    case 'avatar':
      requireStyle(providers.avatar.styles, request.payload.style, 'avatar');
      return { size: 256, ...request.payload };
  }
}

/** Parses `Last-Event-ID` (or `?lastEventId=`, for clients that cannot set headers): a non-negative integer, 0 when absent. */
function lastEventId(header: string | undefined, query: string | undefined): number {
  const raw = header ?? query;
  if (raw === undefined || raw === '') return 0;
  if (!/^\d{1,9}$/.test(raw)) throw new ApiError('bad_request', 'Last-Event-ID must be the id of an event of this stream (a non-negative integer).');
  return Number(raw);
}

function pageLimit(raw: string | undefined): number {
  if (raw === undefined) return 50;
  if (!/^\d{1,3}$/.test(raw) || Number(raw) < 1 || Number(raw) > 100) throw new ApiError('bad_request', 'limit must be an integer from 1 to 100.');
  return Number(raw);
}

function oneOf<T extends string>(raw: string | undefined, allowed: readonly T[], name: string): T | undefined {
  if (raw === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(raw)) throw new ApiError('bad_request', `${name} must be one of ${allowed.join(', ')}.`);
  return raw as T;
}

/**
 * Media jobs: `POST /v1/jobs` (idempotent per user and client token, back-pressured), `GET
 * /v1/jobs/{id}`, its event stream, the campaign's media library `GET /v1/jobs?campaignId=`,
 * `DELETE /v1/jobs/{id}` (cancel), `GET /v1/campaigns/{id}/usage` and `GET /v1/media/providers`.
 * Jobs follow the campaign's roles: members read, the GM and players create, the creator or the GM cancel.
 */
export function jobRoutes(options: JobRoutesOptions): Hono<AppEnv> {
  const { db, store, queue, hub, roles, auth, providers, metrics } = options;
  const heartbeatMs = (options.heartbeatSeconds ?? 15) * 1000;
  const app = new Hono<AuthEnv>();

  /** The job, when the caller is a member of its campaign; 404 otherwise (ids cannot be probed). */
  const visibleJob = async (jobId: string, userId: string) => {
    if (!UUID.test(jobId)) throw noSuchJob();
    const found = await store.find(jobId);
    if (found === undefined) throw noSuchJob();
    const role = await roles.roleOf(found.job.campaignId, userId);
    if (role === undefined) throw noSuchJob();
    return { found, role };
  };

  const retryAfterSeconds = async (excess: number): Promise<number> => {
    const perJob = (await store.recentDurationSeconds()) ?? 2;
    return Math.min(300, Math.max(1, Math.ceil((excess * perJob) / Math.max(1, options.backPressure.workers))));
  };

  app.post('/v1/jobs', auth, jsonBody(validators.jobCreateRequest), async (c) => {
    const { userId } = c.get('session');
    const request = c.get('body');
    const role = await roles.roleOf(request.campaignId, userId);
    if (role === undefined) throw noSuchCampaign();
    if (role === 'viewer') throw new ApiError('forbidden', 'Viewers cannot create media jobs; ask the GM for the player role.');
    const hash = requestHash(request);
    const answer = (stored: StoredJob, created: boolean) => {
      if (!created && stored.payloadHash !== hash) {
        metrics.refused.inc({ reason: 'idempotency_conflict' });
        throw new ApiError('idempotency_conflict', 'This client token was already used for a different request; use a new token for a new request.', {
          details: { jobId: stored.job.id },
        });
      }
      c.header('Location', `/v1/jobs/${stored.job.id}`);
      if (!created) c.header('Idempotent-Replayed', 'true');
      const body: JobAccepted = { jobId: stored.job.id, status: stored.job.status };
      return c.json(body, 202);
    };
    const payload = normalisePayload(request, providers);
    // A retry of an accepted request is answered before any back-pressure: it adds no work.
    const { total, user } = await store.openCounts(userId);
    if (user >= options.backPressure.maxQueuedPerUser || total >= options.backPressure.maxQueued) {
      const replay = await store.findByToken(userId, request.clientToken);
      if (replay !== undefined) return answer(replay, false);
      const perUser = user >= options.backPressure.maxQueuedPerUser;
      metrics.refused.inc({ reason: perUser ? 'queue_full_user' : 'queue_full_total' });
      const seconds = await retryAfterSeconds(perUser ? user - options.backPressure.maxQueuedPerUser + 1 : total - options.backPressure.maxQueued + 1);
      throw new ApiError(
        'queue_full',
        perUser
          ? `You have ${user} media jobs waiting (the most is ${options.backPressure.maxQueuedPerUser}); retry in ${seconds} s.`
          : `The media queue is full (${total} jobs waiting); retry in ${seconds} s.`,
        { headers: { 'Retry-After': String(seconds) } },
      );
    }
    const jobId = randomUUID();
    const { stored, created } = await db.transaction(async (tx) => {
      const inserted = await store.insert(tx, {
        id: jobId,
        campaignId: request.campaignId,
        createdBy: userId,
        clientToken: request.clientToken,
        type: request.type,
        payload,
        payloadHash: hash,
        maxAttempts: options.maxAttempts,
        traceId: c.get('traceId'),
      });
      if (inserted.created) await queue.send(tx, jobId);
      return inserted;
    });
    if (created) {
      c.get('log').info({ jobId, campaignId: request.campaignId, jobType: request.type }, 'media job queued');
      queue.wake();
    }
    return answer(stored, created);
  });

  app.get('/v1/jobs', auth, async (c) => {
    const { userId } = c.get('session');
    const campaignId = c.req.query('campaignId');
    if (campaignId === undefined || !UUID.test(campaignId)) throw new ApiError('bad_request', 'campaignId must be a campaign id (a UUID).');
    if ((await roles.roleOf(campaignId, userId)) === undefined) throw noSuchCampaign();
    const page = await store.list(campaignId, {
      limit: pageLimit(c.req.query('limit')),
      cursor: c.req.query('cursor'),
      type: oneOf(c.req.query('type'), JOB_TYPES, 'type'),
      status: oneOf(c.req.query('status'), JOB_STATUSES, 'status'),
    });
    if (page === 'bad_cursor') throw new ApiError('bad_request', 'cursor is not a cursor of this list; start again without it.');
    const body: JobList = page;
    return c.json(body, 200);
  });

  app.get('/v1/jobs/:jobId', auth, async (c) => {
    const { found } = await visibleJob(c.req.param('jobId'), c.get('session').userId);
    return c.json(found.job, 200);
  });

  app.delete('/v1/jobs/:jobId', auth, async (c) => {
    const { userId } = c.get('session');
    const { found, role } = await visibleJob(c.req.param('jobId'), userId);
    if (found.job.createdBy !== userId && role !== 'gm') throw new ApiError('forbidden', 'Only the member who asked for this job, or the GM, can cancel it.');
    if (isFinished(found.job.status))
      throw new ApiError('job_finished', `The job has already ${found.job.status === 'cancelled' ? 'been cancelled' : found.job.status}.`);
    const cancelled = await store.cancel(found.job.id);
    if (cancelled === undefined) throw new ApiError('job_finished', 'The job finished while it was being cancelled.');
    hub.publish(found.job.id, 'cancelled');
    await queue.cancel(found.job.id);
    c.get('log').info({ jobId: found.job.id }, 'media job cancelled');
    return c.json(cancelled.job, 200);
  });

  const streamsByUser = new Map<string, number>();
  const maxStreams = options.maxStreamsPerUser ?? DEFAULT_MAX_STREAMS_PER_USER;

  app.get('/v1/jobs/:jobId/events', auth, async (c) => {
    const { userId } = c.get('session');
    const { found } = await visibleJob(c.req.param('jobId'), userId);
    const jobId = found.job.id;
    const streams = streamsByUser.get(userId) ?? 0;
    if (streams >= maxStreams) {
      metrics.refused.inc({ reason: 'too_many_streams' });
      throw new ApiError('rate_limited', `You have ${streams} job event streams open (the most is ${maxStreams}); close one or poll GET /v1/jobs/{id}.`, {
        headers: { 'Retry-After': '5' },
      });
    }
    streamsByUser.set(userId, streams + 1);
    let after = lastEventId(c.req.header('last-event-id'), c.req.query('lastEventId'));
    c.header('Cache-Control', 'no-store');
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      // A function, not the property: the compiler would treat `aborted` as fixed inside the loop.
      const open = () => !stream.aborted;
      let wake: (() => void) | undefined;
      let pending = true;
      const unsubscribe = hub.onJob(jobId, () => {
        pending = true;
        wake?.();
      });
      stream.onAbort(() => {
        wake?.();
      });
      try {
        while (open()) {
          if (pending) {
            pending = false;
            const events = await store.eventsAfter(jobId, after);
            // Resumed after the last event of a finished job: nothing more will come.
            if (events.length === 0 && isFinished((await store.find(jobId))?.job.status ?? 'cancelled')) return;
            for (const event of events) {
              await stream.writeSSE({ id: String(event.seq), event: event.type, data: JSON.stringify(event) });
              after = event.seq;
              if (isFinished(event.job.status)) return;
            }
          }
          const woke = await new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => {
              resolve(false);
            }, heartbeatMs);
            wake = () => {
              clearTimeout(timer);
              resolve(true);
            };
          });
          wake = undefined;
          if (!woke && open()) {
            // A heartbeat keeps proxies from closing the stream; the re-read covers a lost notification.
            await stream.write(': keep-alive\n\n');
            pending = true;
          }
        }
      } finally {
        unsubscribe();
        const left = (streamsByUser.get(userId) ?? 1) - 1;
        if (left > 0) streamsByUser.set(userId, left);
        else streamsByUser.delete(userId);
      }
    });
  });

  app.get('/v1/campaigns/:campaignId/usage', auth, async (c) => {
    const campaignId = c.req.param('campaignId');
    if (!UUID.test(campaignId) || (await roles.roleOf(campaignId, c.get('session').userId)) === undefined) throw noSuchCampaign();
    const rows = await store.usage(campaignId);
    const body: CampaignUsage = { campaignId, totalCostUsd: rows.reduce((sum, r) => sum + r.costUsd, 0), providers: rows };
    return c.json(body, 200);
  });

  app.get('/v1/media/providers', auth, (c) => {
    const styles = (list: readonly Style[]) => list.map((s) => ({ id: s.id, label: s.label, licence: { ...s.licence } }));
    const body: MediaProvidersBody = {
      tts: { provider: providers.tts.id, voices: providers.tts.voices.map((v) => ({ ...v })) },
      img: { provider: providers.image.id, styles: styles(providers.image.styles) },
      avatar: { provider: providers.avatar.id, styles: styles(providers.avatar.styles) },
    };
    return c.json(body, 200);
  });

  return app as unknown as Hono<AppEnv>;
}
