import type {
  AvatarJobRequest,
  ImageJobRequest,
  Job,
  JobAccepted,
  JobCreateRequest,
  JobEvent,
  JobList,
  MediaProviders,
  TtsJobRequest,
} from '@rpg-bot/contracts';
import type { Timers } from './backoff';
import { backoffDelay, realTimers } from './backoff';
import { reportError } from './environment';
import { Listeners } from './listeners';
import type { LocalDb, MediaAttachment, MediaRequestRow } from './local-db';

/** The HTTP calls the media store makes (the app's `ApiClient` is the adapter). */
export interface MediaApi {
  createJob(request: JobCreateRequest): Promise<JobAccepted>;
  job(jobId: string): Promise<Job>;
  jobs(campaignId: string, cursor?: string): Promise<JobList>;
  cancelJob(jobId: string): Promise<void>;
  jobEvents(jobId: string, afterSeq: number, signal: AbortSignal): AsyncIterable<JobEvent>;
  artifact(artifactUrl: string): Promise<Uint8Array>;
  mediaProviders(): Promise<MediaProviders>;
}

/** Enough of a job's result to fetch and check its bytes (a `JobResult`, or a reference kept in a doc). */
export interface ArtifactRef {
  readonly sha256: string;
  readonly mime: string;
  readonly artifactUrl: string;
  readonly bytes: number;
}

/** A request as the feature asks for it: the store adds the campaign and the client token. */
export type MediaAsk = Pick<TtsJobRequest, 'type' | 'payload'> | Pick<ImageJobRequest, 'type' | 'payload'> | Pick<AvatarJobRequest, 'type' | 'payload'>;

/**
 * What the device can truthfully say about an entry of the media library:
 * `device` — asked for here, not yet accepted by the server (offline, or the server was busy);
 * `refused` — the server refused the request itself (the code says why); the rest are the job's status.
 */
export type MediaStatus = 'device' | 'refused' | Job['status'];

export interface MediaEntry {
  /** The job id once accepted, else `device:<clientToken>`. */
  readonly key: string;
  readonly type: JobCreateRequest['type'];
  readonly status: MediaStatus;
  readonly label: string;
  readonly createdAt: string;
  /** Present once the server knows the job. */
  readonly job?: Job;
  /** Present for requests made on this device. */
  readonly local?: MediaRequestRow;
  /** Why the server refused the request (`refused`), from the shared error codes. */
  readonly refusedCode?: string;
}

export interface MediaStoreOptions {
  readonly db: LocalDb;
  readonly api: MediaApi;
  readonly userId: string;
  readonly timers?: Timers;
  readonly random?: () => number;
  readonly now?: () => number;
  readonly newToken?: () => string;
  /** How often a job is re-read when its event stream cannot be held open (the polling fallback). */
  readonly pollMs?: number;
  readonly onError?: (error: unknown, context: string) => void;
}

/** Error codes after which a request is not sent again as it is: the server will refuse it every time. */
const retryable = new Set(['offline', 'queue_full', 'rate_limited', 'unavailable', 'internal', 'invalid_response', 'unauthorized']);

function codeOf(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : 'unknown';
}

function retryAfterOf(error: unknown): number {
  return typeof error === 'object' && error !== null && 'retryAfterMs' in error && typeof error.retryAfterMs === 'number' ? error.retryAfterMs : 0;
}

/** Checks a download against its content address (where WebCrypto exists: secure contexts). */
async function hashMatches(bytes: Uint8Array, sha256: string): Promise<boolean> {
  const subtle = (globalThis.crypto as Crypto | undefined)?.subtle;
  if (subtle === undefined) return true;
  const digest = new Uint8Array(await subtle.digest('SHA-256', new Uint8Array(bytes)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('') === sha256;
}

/** Read through a function: the signal is aborted while the loop awaits, which narrowing cannot see. */
function isAborted(signal: AbortSignal): boolean {
  return signal.aborted;
}

export function isFinishedStatus(status: MediaStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled' || status === 'refused';
}

function labelOf(request: { readonly payload: object }): string {
  const payload = request.payload;
  const text = 'text' in payload ? payload.text : 'prompt' in payload ? payload.prompt : 'seed' in payload ? payload.seed : undefined;
  return typeof text === 'string' ? text.slice(0, 140) : '';
}

/**
 * Media jobs on this device, local-first: a request is written to IndexedDB before anything is
 * sent, then sent (now, or when the connection returns) with its `clientToken`, so however often
 * it is re-sent the server makes one job. Accepted jobs are followed over Server-Sent Events,
 * falling back to polling; finished results are downloaded once and kept, so they play and show
 * offline. The library is the server's list, cached, plus what is still waiting on this device.
 */
export class MediaStore {
  readonly #db: LocalDb;
  readonly #api: MediaApi;
  readonly #userId: string;
  readonly #timers: Timers;
  readonly #random: () => number;
  readonly #now: () => number;
  readonly #newToken: () => string;
  readonly #pollMs: number;
  readonly #onError: (error: unknown, context: string) => void;
  readonly #changed = new Listeners<[campaignId: string]>();
  /** Jobs being followed, by id. */
  readonly #following = new Map<string, AbortController>();
  readonly #urls = new Map<string, Promise<string | null>>();
  #providers: Promise<MediaProviders> | null = null;
  #online = true;
  #destroyed = false;
  #flushing: Promise<void> = Promise.resolve();
  #flushAttempt = 0;
  #cancelRetry: (() => void) | null = null;

  constructor(options: MediaStoreOptions) {
    this.#db = options.db;
    this.#api = options.api;
    this.#userId = options.userId;
    this.#timers = options.timers ?? realTimers;
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? Date.now;
    this.#newToken = options.newToken ?? (() => crypto.randomUUID());
    this.#pollMs = options.pollMs ?? 2000;
    this.#onError = options.onError ?? reportError;
  }

  /** Calls `listener(campaignId)` whenever an entry of that campaign changes. */
  onChange(listener: (campaignId: string) => void): () => void {
    return this.#changed.add(listener);
  }

  /**
   * Asks for a media job: stored on the device first (so it is never lost), then sent. Resolves
   * with the stored request once it is durable here, whether or not the server was reached.
   */
  async ask(campaignId: string, ask: MediaAsk, options: { label?: string; attach?: MediaAttachment } = {}): Promise<MediaRequestRow> {
    const clientToken = this.#newToken();
    const row: MediaRequestRow = {
      campaignId,
      clientToken,
      userId: this.#userId,
      createdAt: this.#now(),
      request: { ...ask, campaignId, clientToken },
      label: options.label ?? labelOf(ask),
      ...(options.attach === undefined ? {} : { attach: options.attach }),
    };
    await this.#db.mediaRequests.put(row);
    this.#changed.emit(campaignId);
    this.flush();
    return row;
  }

  /** Sends what waits on this device and follows unfinished jobs; called on start and when the connection returns. */
  flush(): void {
    if (this.#destroyed || !this.#online) return;
    this.#flushing = this.#flushing
      .then(() => this.#flush())
      .catch((error: unknown) => {
        this.#onError(error, 'media flush');
      });
  }

  setOnline(online: boolean): void {
    this.#online = online;
    if (online) {
      this.#flushAttempt = 0;
      this.flush();
    } else {
      this.#cancelRetry?.();
      this.#cancelRetry = null;
    }
  }

  /** The campaign's media library, newest first: cached server jobs plus requests still on this device. */
  async entries(campaignId: string): Promise<MediaEntry[]> {
    const [requests, jobs] = await Promise.all([
      this.#db.mediaRequests.where('campaignId').equals(campaignId).toArray(),
      this.#db.mediaJobs.where('campaignId').equals(campaignId).toArray(),
    ]);
    const labels = new Map(requests.filter((row) => row.jobId !== undefined).map((row) => [row.jobId, row]));
    const entries: MediaEntry[] = jobs.map(({ job }) => {
      const local = labels.get(job.id);
      return {
        key: job.id,
        type: job.type,
        status: job.status,
        label: local?.label ?? labelOf(job),
        createdAt: job.createdAt,
        job,
        ...(local === undefined ? {} : { local }),
      };
    });
    for (const row of requests) {
      if (row.jobId !== undefined) continue;
      entries.push({
        key: `device:${row.clientToken}`,
        type: row.request.type,
        status: row.refused === undefined ? 'device' : 'refused',
        label: row.label,
        createdAt: new Date(row.createdAt).toISOString(),
        local: row,
        ...(row.refused === undefined ? {} : { refusedCode: row.refused }),
      });
    }
    return entries.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.key.localeCompare(b.key));
  }

  /** Reloads the campaign's library from the server (first page), keeping it for offline use. */
  async refresh(campaignId: string): Promise<void> {
    if (!this.#online) return;
    const list = await this.#api.jobs(campaignId);
    await this.#db.transaction('rw', this.#db.mediaJobs, async () => {
      for (const job of list.jobs) await this.#keepJob(job);
    });
    this.#changed.emit(campaignId);
    for (const job of list.jobs) if (!isFinishedStatus(job.status)) this.#follow(job);
  }

  /** Finished results of this user's requests that still have to be written to their attachment. */
  async pendingAttachments(campaignId: string): Promise<{ readonly row: MediaRequestRow; readonly job: Job }[]> {
    const rows = await this.#db.mediaRequests.where('campaignId').equals(campaignId).toArray();
    const pending: { row: MediaRequestRow; job: Job }[] = [];
    for (const row of rows) {
      if (row.attach === undefined || row.attached === true || row.jobId === undefined || row.userId !== this.#userId) continue;
      const job = (await this.#db.mediaJobs.get(row.jobId))?.job;
      if (job?.status === 'succeeded') pending.push({ row, job });
    }
    return pending;
  }

  /**
   * Claims a finished request's attachment: true for exactly one caller (tabs and screens of this
   * device may try at once), which then writes it to the doc and tells the party.
   */
  async claimAttachment(row: MediaRequestRow): Promise<boolean> {
    return this.#db.transaction('rw', this.#db.mediaRequests, async () => {
      const current = await this.#db.mediaRequests.get([row.campaignId, row.clientToken]);
      if (current === undefined || current.attached === true) return false;
      await this.#db.mediaRequests.put({ ...current, attached: true });
      return true;
    });
  }

  /** Cancels a job (queued or running) or drops a request that never left this device. */
  async cancel(entry: MediaEntry): Promise<void> {
    const campaignId = entry.job?.campaignId ?? entry.local?.campaignId;
    if (entry.job === undefined && entry.local !== undefined) {
      await this.#db.mediaRequests.delete([entry.local.campaignId, entry.local.clientToken]);
    } else if (entry.job !== undefined) {
      await this.#api.cancelJob(entry.job.id);
      await this.#keepJob(await this.#api.job(entry.job.id));
    }
    if (campaignId !== undefined) this.#changed.emit(campaignId);
  }

  /**
   * An object URL for a result, from the device's copy or downloaded (and kept) when online; null
   * when the result is not on this device and cannot be fetched now.
   */
  resultUrl(result: ArtifactRef): Promise<string | null> {
    const known = this.#urls.get(result.sha256);
    if (known !== undefined) return known;
    const url = this.#resultBytes(result).then((bytes) =>
      bytes === null ? null : URL.createObjectURL(new Blob([new Uint8Array(bytes)], { type: result.mime })),
    );
    this.#urls.set(result.sha256, url);
    // A failed download may succeed later: forget it so the next call tries again.
    void url.then((value) => {
      if (value === null) this.#urls.delete(result.sha256);
    });
    return url;
  }

  /** The voices and styles the server's providers offer (asked once per session; rejects offline). */
  providers(): Promise<MediaProviders> {
    if (this.#providers === null) {
      const asked = this.#api.mediaProviders();
      this.#providers = asked;
      asked.catch(() => {
        if (this.#providers === asked) this.#providers = null;
      });
    }
    return this.#providers;
  }

  /** Whether the result's bytes are on this device (they play and show offline). */
  async hasResult(result: ArtifactRef): Promise<boolean> {
    return (await this.#db.mediaArtifacts.get(result.sha256)) !== undefined;
  }

  destroy(): void {
    this.#destroyed = true;
    this.#cancelRetry?.();
    for (const controller of this.#following.values()) controller.abort();
    this.#following.clear();
    for (const url of this.#urls.values()) {
      void url.then((value) => {
        if (value !== null) URL.revokeObjectURL(value);
      });
    }
    this.#urls.clear();
  }

  async #resultBytes(result: ArtifactRef): Promise<Uint8Array | null> {
    const kept = await this.#db.mediaArtifacts.get(result.sha256);
    if (kept !== undefined) return kept.bytes;
    if (!this.#online) return null;
    try {
      const bytes = await this.#api.artifact(result.artifactUrl);
      if (bytes.byteLength !== result.bytes) throw new Error(`artifact ${result.sha256}: ${String(bytes.byteLength)} bytes, expected ${String(result.bytes)}`);
      if (!(await hashMatches(bytes, result.sha256))) throw new Error(`artifact ${result.sha256}: the bytes do not match their hash`);
      await this.#db.mediaArtifacts.put({ sha256: result.sha256, mime: result.mime, bytes, storedAt: this.#now() });
      return bytes;
    } catch (error) {
      if (codeOf(error) !== 'offline') this.#onError(error, 'media download');
      return null;
    }
  }

  async #flush(): Promise<void> {
    if (this.#destroyed || !this.#online) return;
    const waiting = (await this.#db.mediaRequests.toArray())
      .filter((row) => row.userId === this.#userId && row.jobId === undefined && row.refused === undefined)
      .sort((a, b) => a.createdAt - b.createdAt);
    for (const row of waiting) {
      if (this.#stopped()) return;
      try {
        const accepted = await this.#api.createJob(row.request);
        const job = await this.#api.job(accepted.jobId);
        await this.#db.transaction('rw', this.#db.mediaRequests, this.#db.mediaJobs, async () => {
          await this.#db.mediaRequests.update([row.campaignId, row.clientToken], { jobId: accepted.jobId });
          await this.#keepJob(job);
        });
        this.#changed.emit(row.campaignId);
        if (isFinishedStatus(job.status)) void this.#download(job);
        else this.#follow(job);
      } catch (error) {
        const code = codeOf(error);
        if (retryable.has(code)) {
          // Offline or busy: keep it on the device and try again later, the same token each time.
          this.#retryLater(retryAfterOf(error));
          return;
        }
        await this.#db.mediaRequests.update([row.campaignId, row.clientToken], { refused: code });
        this.#changed.emit(row.campaignId);
      }
    }
    this.#flushAttempt = 0;
    // Jobs accepted earlier (another session, before a reload) that are still running.
    const unfinished = (await this.#db.mediaJobs.toArray()).filter(({ job }) => !isFinishedStatus(job.status));
    for (const { job } of unfinished) this.#follow(job);
  }

  /** Read through a method: the flags change while a flush awaits, which narrowing cannot see. */
  #stopped(): boolean {
    return this.#destroyed || !this.#online;
  }

  #retryLater(floorMs: number): void {
    if (this.#cancelRetry !== null || this.#destroyed) return;
    const delay = backoffDelay(this.#flushAttempt, floorMs, this.#random);
    this.#flushAttempt += 1;
    this.#cancelRetry = this.#timers.schedule(() => {
      this.#cancelRetry = null;
      this.flush();
    }, delay);
  }

  async #keepJob(job: Job): Promise<void> {
    const kept = await this.#db.mediaJobs.get(job.id);
    // Events can arrive out of order with a poll: never go back from a later snapshot.
    if (kept !== undefined && kept.job.updatedAt > job.updatedAt) return;
    await this.#db.mediaJobs.put({ id: job.id, campaignId: job.campaignId, job });
  }

  /** Follows a job until it finishes: its event stream, or polling while the stream cannot be held. */
  #follow(job: Job): void {
    if (this.#following.has(job.id) || this.#destroyed) return;
    const controller = new AbortController();
    this.#following.set(job.id, controller);
    void this.#watch(job, controller.signal)
      .catch((error: unknown) => {
        if (!controller.signal.aborted) this.#onError(error, 'media follow');
      })
      .finally(() => {
        if (this.#following.get(job.id) === controller) this.#following.delete(job.id);
      });
  }

  async #watch(start: Job, signal: AbortSignal): Promise<void> {
    let job = start;
    let afterSeq = 0;
    while (!isAborted(signal) && !isFinishedStatus(job.status)) {
      if (this.#stopped()) return; // `setOnline(true)` flushes, which follows it again.
      try {
        for await (const event of this.#api.jobEvents(job.id, afterSeq, signal)) {
          afterSeq = event.seq;
          job = event.job;
          await this.#keepJob(job);
          this.#changed.emit(job.campaignId);
          if (isFinishedStatus(job.status)) break;
        }
      } catch (error) {
        if (signal.aborted) return;
        if (codeOf(error) === 'not_found' || codeOf(error) === 'forbidden') return;
      }
      if (isFinishedStatus(job.status) || isAborted(signal)) break;
      // The stream ended or broke without the job finishing: poll once, then wait and reopen it.
      await this.#sleep(this.#pollMs, signal);
      try {
        job = await this.#api.job(job.id);
        await this.#keepJob(job);
        this.#changed.emit(job.campaignId);
      } catch (error) {
        if (codeOf(error) === 'not_found' || codeOf(error) === 'forbidden') return;
      }
    }
    if (job.status === 'succeeded') await this.#download(job);
  }

  async #download(job: Job): Promise<void> {
    if (job.result !== undefined && (await this.#resultBytes(job.result)) !== null) this.#changed.emit(job.campaignId);
  }

  #sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const cancel = this.#timers.schedule(resolve, ms);
      signal.addEventListener(
        'abort',
        () => {
          cancel();
          resolve();
        },
        { once: true },
      );
    });
  }
}
