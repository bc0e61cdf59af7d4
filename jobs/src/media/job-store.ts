import type { ArtifactMeta, Job, JobErrorCode, JobEvent } from '@rpg-bot/contracts';
import type { Database, Queryable } from '@rpg-bot/db';
import { ARTIFACT_MIME_EXTENSIONS } from '@rpg-bot/spi';
import type { ArtifactMime } from '@rpg-bot/spi';

export type JobType = Job['type'];
export type JobStatus = Job['status'];
export type JobEventType = JobEvent['type'];

/** The channel every process LISTENs on: `<jobId> <status>` after each event of a job commits. */
export const JOB_EVENTS_CHANNEL = 'media_job_events';

const OPEN_STATUSES = "('queued', 'running')";

interface JobRow extends Record<string, unknown> {
  id: string;
  campaign_id: string;
  created_by: string;
  client_token: string;
  type: JobType;
  payload: Record<string, unknown>;
  payload_hash: string;
  status: JobStatus;
  progress: number;
  attempts: number;
  max_attempts: number;
  provider: string | null;
  result_sha256: string | null;
  result_mime: ArtifactMime | null;
  result_bytes: number | null;
  result_meta: ArtifactMeta | null;
  error_code: JobErrorCode | null;
  error_message: string | null;
  trace_id: string | null;
  event_seq: number;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

/** A job as the service keeps it: the wire shape plus what only the server needs. */
export interface StoredJob {
  readonly job: Job;
  readonly clientToken: string;
  readonly payloadHash: string;
  readonly traceId: string | undefined;
}

export interface NewJob {
  readonly id: string;
  readonly campaignId: string;
  readonly createdBy: string;
  readonly clientToken: string;
  readonly type: JobType;
  readonly payload: Record<string, unknown>;
  readonly payloadHash: string;
  readonly maxAttempts: number;
  readonly traceId: string;
}

export interface JobResultInput {
  readonly sha256: string;
  readonly mime: ArtifactMime;
  readonly bytes: number;
  readonly meta: ArtifactMeta;
}

/** The URL an artifact is served at: its hash and the extension of its type. */
export function artifactUrl(sha256: string, mime: ArtifactMime): string {
  return `/v1/artifacts/${sha256}.${ARTIFACT_MIME_EXTENSIONS[mime]}`;
}

function toJob(row: JobRow): Job {
  const job: Job = {
    id: row.id,
    type: row.type,
    campaignId: row.campaign_id,
    createdBy: row.created_by,
    status: row.status,
    progress: Math.min(1, Math.max(0, row.progress)),
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    payload: row.payload,
  };
  if (row.finished_at !== null) job.finishedAt = row.finished_at.toISOString();
  if (row.result_sha256 !== null && row.result_mime !== null && row.result_meta !== null) {
    job.result = {
      artifactUrl: artifactUrl(row.result_sha256, row.result_mime),
      mime: row.result_mime,
      bytes: row.result_bytes ?? 0,
      sha256: row.result_sha256,
      meta: row.result_meta,
    };
  }
  if (row.error_code !== null) job.error = { code: row.error_code, message: row.error_message ?? '' };
  return job;
}

const stored = (row: JobRow): StoredJob => ({
  job: toJob(row),
  clientToken: row.client_token,
  payloadHash: row.payload_hash,
  traceId: row.trace_id ?? undefined,
});

/** Whether a job can change no more. */
export const isFinished = (status: JobStatus): boolean => status === 'succeeded' || status === 'failed' || status === 'cancelled';

/** Opaque cursor of the media library: the last job's creation time and id. */
function encodeCursor(job: Job): string {
  return Buffer.from(JSON.stringify([job.createdAt, job.id])).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string' || typeof value[1] !== 'string') return undefined;
    const createdAt = new Date(value[0]);
    return Number.isNaN(createdAt.getTime()) ? undefined : { createdAt, id: value[1] };
  } catch {
    return undefined;
  }
}

/** A timestamptz column as `Date.prototype.toISOString` writes it (ours hold milliseconds: they come from JS dates). */
const isoSql = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const extensionSql = `CASE r.result_mime ${Object.entries(ARTIFACT_MIME_EXTENSIONS)
  .map(([mime, extension]) => `WHEN '${mime}' THEN '${extension}'`)
  .join(' ')} END`;

/**
 * The wire job of the row `r`, built in SQL so a change and its event are one statement: the same
 * JSON as {@link toJob} gives for the row (timestamps with milliseconds, optional fields only when set).
 */
const JOB_JSON = `(jsonb_build_object(
    'id', r.id, 'type', r.type, 'campaignId', r.campaign_id, 'createdBy', r.created_by, 'status', r.status,
    'progress', least(1, greatest(0, r.progress)), 'attempts', r.attempts, 'maxAttempts', r.max_attempts,
    'createdAt', ${isoSql('r.created_at')}, 'updatedAt', ${isoSql('r.updated_at')}, 'payload', r.payload)
  || CASE WHEN r.finished_at IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('finishedAt', ${isoSql('r.finished_at')}) END
  || CASE WHEN r.result_sha256 IS NULL OR r.result_mime IS NULL OR r.result_meta IS NULL THEN '{}'::jsonb
     ELSE jsonb_build_object('result', jsonb_build_object(
       'artifactUrl', '/v1/artifacts/' || r.result_sha256 || '.' || ${extensionSql}, 'mime', r.result_mime,
       'bytes', coalesce(r.result_bytes, 0), 'sha256', r.result_sha256, 'meta', r.result_meta)) END
  || CASE WHEN r.error_code IS NULL THEN '{}'::jsonb
     ELSE jsonb_build_object('error', jsonb_build_object('code', r.error_code, 'message', coalesce(r.error_message, ''))) END)`;

/**
 * Media jobs and their events in PostgreSQL: the system of record the routes read and the workers
 * write. Every change of a job is one statement that updates the row, appends an event with the
 * job as it is after it, and notifies {@link JOB_EVENTS_CHANNEL} on commit.
 */
export class JobStore {
  constructor(
    private readonly db: Database,
    private readonly clock: () => number,
  ) {}

  /**
   * Inserts the job unless this user already used the client token; `created` says which. Runs in
   * the caller's transaction, so the queue row can be sent in the same one. The row and its
   * `queued` event are one statement. No notification: nobody can be watching a job whose id is
   * first told to anyone after this transaction commits (streams read the stored events on open).
   */
  async insert(tx: Queryable, job: NewJob): Promise<{ readonly stored: StoredJob; readonly created: boolean }> {
    const now = new Date(this.clock());
    const inserted = await tx.query<JobRow>(
      `WITH r AS (
         INSERT INTO media_jobs (id, campaign_id, created_by, client_token, type, payload, payload_hash, status, max_attempts, trace_id, event_seq, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', $8, $9, 1, $10, $10)
         ON CONFLICT (created_by, client_token) DO NOTHING RETURNING *),
       e AS (INSERT INTO media_job_events (job_id, seq, type, at, job) SELECT r.id, r.event_seq, 'queued', r.updated_at, ${JOB_JSON} FROM r)
       SELECT * FROM r`,
      [job.id, job.campaignId, job.createdBy, job.clientToken, job.type, JSON.stringify(job.payload), job.payloadHash, job.maxAttempts, job.traceId, now],
    );
    const row = inserted.rows[0];
    if (row !== undefined) return { stored: stored(row), created: true };
    const found = await this.#byToken(tx, job.createdBy, job.clientToken);
    if (found === undefined) throw new Error('media job vanished between its conflicting insert and the lookup');
    return { stored: found, created: false };
  }

  async find(id: string): Promise<StoredJob | undefined> {
    const { rows } = await this.db.query<JobRow>('SELECT * FROM media_jobs WHERE id = $1', [id]);
    const row = rows[0];
    return row === undefined ? undefined : stored(row);
  }

  /** The job this user made with this client token, if any. */
  findByToken(userId: string, clientToken: string): Promise<StoredJob | undefined> {
    return this.#byToken(this.db, userId, clientToken);
  }

  async #byToken(q: Queryable, userId: string, clientToken: string): Promise<StoredJob | undefined> {
    const { rows } = await q.query<JobRow>('SELECT * FROM media_jobs WHERE created_by = $1 AND client_token = $2', [userId, clientToken]);
    const row = rows[0];
    return row === undefined ? undefined : stored(row);
  }

  /** Jobs waiting or running: in total and of one user (back-pressure). */
  async openCounts(userId: string): Promise<{ readonly total: number; readonly user: number }> {
    const { rows } = await this.db.query<{ total: number; mine: number }>(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE created_by = $1)::int AS mine FROM media_jobs WHERE status IN ${OPEN_STATUSES}`,
      [userId],
    );
    return { total: rows[0]?.total ?? 0, user: rows[0]?.mine ?? 0 };
  }

  /** Mean seconds from request to result over the latest finished jobs (for Retry-After), or undefined before any. */
  async recentDurationSeconds(): Promise<number | undefined> {
    const { rows } = await this.db.query<{ seconds: number | null }>(
      `SELECT avg(extract(epoch FROM finished_at - created_at))::float8 AS seconds
       FROM (SELECT finished_at, created_at FROM media_jobs WHERE status = 'succeeded' ORDER BY finished_at DESC LIMIT 50) recent`,
    );
    return rows[0]?.seconds ?? undefined;
  }

  /** A page of the campaign's jobs, newest first; `type`/`status` narrow it. */
  async list(
    campaignId: string,
    options: { readonly limit: number; readonly cursor?: string | undefined; readonly type?: JobType | undefined; readonly status?: JobStatus | undefined },
  ): Promise<{ readonly jobs: Job[]; readonly nextCursor: string | null } | 'bad_cursor'> {
    const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
    if (options.cursor !== undefined && after === undefined) return 'bad_cursor';
    const { rows } = await this.db.query<JobRow>(
      `SELECT * FROM media_jobs
       WHERE campaign_id = $1
         AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::text))
         AND ($4::text IS NULL OR type = $4) AND ($5::text IS NULL OR status = $5)
       ORDER BY created_at DESC, id DESC LIMIT $6`,
      [campaignId, after?.createdAt ?? null, after?.id ?? '', options.type ?? null, options.status ?? null, options.limit + 1],
    );
    const jobs = rows.slice(0, options.limit).map(toJob);
    const last = jobs.at(-1);
    return { jobs, nextCursor: rows.length > options.limit && last !== undefined ? encodeCursor(last) : null };
  }

  /** Events after `afterSeq`, in order (the SSE replay). */
  async eventsAfter(jobId: string, afterSeq: number): Promise<JobEvent[]> {
    const { rows } = await this.db.query<{ seq: number; type: JobEventType; at: Date; job: Job }>(
      'SELECT seq, type, at, job FROM media_job_events WHERE job_id = $1 AND seq > $2 ORDER BY seq LIMIT 1000',
      [jobId, afterSeq],
    );
    return rows.map((r) => ({ seq: r.seq, type: r.type, at: r.at.toISOString(), job: r.job }));
  }

  /**
   * A new attempt starts (attempts + 1) with the provider of the job's type, unless the job was
   * cancelled or finished meanwhile or its attempts are used up: then undefined (read the job to
   * tell which). This is also the runner's status read, so a job starts in one statement.
   */
  startAttempt(id: string, providers: Readonly<Record<JobType, string>>): Promise<StoredJob | undefined> {
    return this.#change(
      id,
      'running',
      `status IN ${OPEN_STATUSES} AND attempts < max_attempts`,
      "status = 'running', attempts = attempts + 1, progress = 0, provider = CASE type WHEN 'tts' THEN $2 WHEN 'img' THEN $3 ELSE $4 END, error_code = NULL, error_message = NULL",
      [providers.tts, providers.img, providers.avatar],
    );
  }

  /** Progress of the running attempt; recorded as an event only in steps of 10 %. */
  async progress(id: string, fraction: number): Promise<void> {
    await this.#change(id, 'progress', "status = 'running' AND floor(progress * 10) < floor($2::real * 10)", 'progress = $2', [fraction]);
  }

  /** The attempt failed and another follows; the error is kept so the job shows it meanwhile. */
  retrying(id: string, code: JobErrorCode, message: string): Promise<StoredJob | undefined> {
    return this.#change(id, 'retrying', "status = 'running'", "status = 'queued', error_code = $2, error_message = $3", [code, message]);
  }

  /** The one result of the job: only a running job takes it, so a job has one result however often it ran. */
  succeed(id: string, result: JobResultInput): Promise<StoredJob | undefined> {
    return this.#change(
      id,
      'succeeded',
      "status = 'running'",
      "status = 'succeeded', progress = 1, result_sha256 = $2, result_mime = $3, result_bytes = $4, result_meta = $5, error_code = NULL, error_message = NULL, finished_at = $1",
      [result.sha256, result.mime, result.bytes, JSON.stringify(result.meta)],
    );
  }

  /** Fails the job for good with its last error (the dead letter: it stays listed with the error). */
  fail(id: string, code: JobErrorCode, message: string): Promise<StoredJob | undefined> {
    return this.#change(id, 'failed', `status IN ${OPEN_STATUSES}`, "status = 'failed', error_code = $2, error_message = $3, finished_at = $1", [
      code,
      message.slice(0, 2000),
    ]);
  }

  /** Cancels a queued or running job; undefined when it had already finished (or does not exist). */
  cancel(id: string): Promise<StoredJob | undefined> {
    return this.#change(
      id,
      'cancelled',
      `status IN ${OPEN_STATUSES}`,
      "status = 'cancelled', error_code = 'cancelled', error_message = 'Cancelled by a member.', finished_at = $1",
      [],
    );
  }

  /** Succeeded jobs and failures of a campaign, per provider and type, with cost and bytes. */
  async usage(campaignId: string): Promise<{ provider: string; type: JobType; jobs: number; failed: number; costUsd: number; bytes: number }[]> {
    const { rows } = await this.db.query<{ provider: string; type: JobType; jobs: number; failed: number; cost: number; bytes: string }>(
      `SELECT coalesce(provider, 'none') AS provider, type,
              count(*) FILTER (WHERE status = 'succeeded')::int AS jobs,
              count(*) FILTER (WHERE status = 'failed')::int AS failed,
              coalesce(sum((result_meta->>'costUsd')::float8) FILTER (WHERE status = 'succeeded'), 0)::float8 AS cost,
              coalesce(sum(result_bytes) FILTER (WHERE status = 'succeeded'), 0)::text AS bytes
       FROM media_jobs WHERE campaign_id = $1 AND status IN ('succeeded', 'failed')
       GROUP BY 1, 2 ORDER BY 1, 2`,
      [campaignId],
    );
    return rows.map((r) => ({ provider: r.provider, type: r.type, jobs: r.jobs, failed: r.failed, costUsd: r.cost, bytes: Number(r.bytes) }));
  }

  /** Whether `userId` is a member of a campaign that holds a succeeded job with this artifact. */
  async memberHoldsArtifact(sha256: string, userId: string): Promise<ArtifactMime | undefined> {
    const { rows } = await this.db.query<{ mime: ArtifactMime }>(
      `SELECT j.result_mime AS mime FROM media_jobs j
       JOIN campaign_members m ON m.campaign_id = j.campaign_id AND m.user_id = $2
       WHERE j.result_sha256 = $1 AND j.status = 'succeeded' LIMIT 1`,
      [sha256, userId],
    );
    return rows[0]?.mime;
  }

  /**
   * One guarded change in one statement: `set` runs only if `where` holds ($1 is now); the event
   * (the job as it is after the change, built by {@link JOB_JSON}) is appended and the channel
   * notified on commit. One autocommitted statement instead of BEGIN, UPDATE, INSERT, NOTIFY, COMMIT.
   */
  async #change(id: string, event: JobEventType, where: string, set: string, params: readonly unknown[]): Promise<StoredJob | undefined> {
    const idParam = params.length + 2;
    const { rows } = await this.db.query<JobRow>(
      `WITH r AS (UPDATE media_jobs SET ${set}, updated_at = $1, event_seq = event_seq + 1 WHERE id = $${idParam} AND ${where} RETURNING *),
       e AS (INSERT INTO media_job_events (job_id, seq, type, at, job) SELECT r.id, r.event_seq, $${idParam + 1}::text, r.updated_at, ${JOB_JSON} FROM r)
       SELECT r.*, pg_notify('${JOB_EVENTS_CHANNEL}', r.id || ' ' || r.status)AS notified FROM r`,
      [new Date(this.clock()), ...params, id, event],
    );
    const row = rows[0];
    return row === undefined ? undefined : stored(row);
  }
}
