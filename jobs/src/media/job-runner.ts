import type { JobErrorCode } from '@rpg-bot/contracts';
import type { Logger } from '@rpg-bot/observability';
import type { ArtifactStore, AvatarProvider, ImageProvider, ImageSize, MediaLanguage, Rendered, TtsProvider } from '@rpg-bot/spi';
import { isProviderError, parseImageSize, parseWav, parseWebpHeader, sha256Hex } from '@rpg-bot/spi';
import {
  BrokenCircuitError,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  handleWhen,
  TaskCancelledError,
  timeout,
  TimeoutStrategy,
  wrap,
} from 'cockatiel';
import type { CircuitBreakerPolicy } from 'cockatiel';
import { isFinished } from './job-store';
import type { JobStore, JobType, StoredJob } from './job-store';
import type { MediaMetrics } from './media-metrics';

/** The three media providers a runner calls, one per job type. */
export interface MediaProviders {
  readonly tts: TtsProvider;
  readonly image: ImageProvider;
  readonly avatar: AvatarProvider;
}

export interface RetrySettings {
  /** Provider calls per job in all (JOBS_MAX_ATTEMPTS is stored on each job as it is created). */
  readonly timeoutMs: number;
  /** First backoff ceiling; doubled per failed attempt, capped by `maxDelayMs`; the delay is a random fraction of it ("full jitter"). */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Consecutive failures that open a provider's circuit, and how long it stays open before one trial call. */
  readonly breakerThreshold: number;
  readonly breakerHalfOpenAfterMs: number;
}

export const defaultRetrySettings: Omit<RetrySettings, 'timeoutMs'> = {
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  breakerThreshold: 5,
  breakerHalfOpenAfterMs: 15_000,
};

export interface JobRunnerDeps {
  readonly store: JobStore;
  readonly artifacts: ArtifactStore;
  readonly providers: MediaProviders;
  readonly retry: RetrySettings;
  readonly logger: Logger;
  readonly metrics: MediaMetrics;
  readonly clock: () => number;
  /** [0, 1); injected so tests pin the jitter. */
  readonly random: () => number;
  /** Waits `ms` or until `signal` aborts (then rejects). */
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** Why an attempt failed, as the job shows it, and whether another attempt may help. */
interface AttemptFailure {
  readonly code: JobErrorCode;
  readonly message: string;
  readonly retryable: boolean;
  readonly retryAfterMs?: number | undefined;
}

/** Thrown by output checks: the provider answered, but not with a file of the declared type and size. */
class InvalidOutputError extends Error {}

function classify(error: unknown, timeoutMs: number): AttemptFailure {
  if (error instanceof TaskCancelledError) return { code: 'provider_timeout', message: `The provider did not answer within ${timeoutMs} ms.`, retryable: true };
  if (error instanceof BrokenCircuitError)
    return { code: 'provider_unavailable', message: 'The provider failed repeatedly and is paused for a moment (circuit open).', retryable: true };
  if (error instanceof InvalidOutputError) return { code: 'invalid_output', message: error.message, retryable: true };
  if (isProviderError(error)) {
    if (error.kind === 'refused') return { code: 'provider_refused', message: error.message, retryable: false };
    if (error.kind === 'unavailable') return { code: 'provider_unavailable', message: error.message, retryable: true, retryAfterMs: error.retryAfterMs };
    return { code: 'provider_failed', message: error.message, retryable: true };
  }
  return { code: 'provider_failed', message: error instanceof Error ? error.message : String(error), retryable: true };
}

/** Checks the bytes are a file of the job's type and size before they become its result. */
function checkOutput(type: JobType, payload: Record<string, unknown>, rendered: Rendered): void {
  const expected = type === 'tts' ? 'audio/wav' : 'image/webp';
  if (rendered.mime !== expected) throw new InvalidOutputError(`The provider returned ${rendered.mime}, not ${expected}.`);
  try {
    if (type === 'tts') {
      parseWav(rendered.bytes);
      return;
    }
    const { width, height } = parseWebpHeader(rendered.bytes);
    const want = type === 'img' ? parseImageSize(payload.size as ImageSize) : { width: payload.size as number, height: payload.size as number };
    if (width !== want.width || height !== want.height)
      throw new InvalidOutputError(`The provider returned ${width}x${height}, not ${want.width}x${want.height}.`);
  } catch (error) {
    if (error instanceof InvalidOutputError) throw error;
    throw new InvalidOutputError(`The provider returned a broken file: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Least time between an attempt's start and its first progress write, and between two writes: a
 * fast render reports no progress of its own (its start and its result are the events), a slow
 * one still shows it moving.
 */
const PROGRESS_INTERVAL_MS = 250;

/** Coalesces a provider's progress reports: the latest is written at most every `intervalMs`, none after `stop`. */
function throttledProgress(write: (fraction: number) => void, intervalMs: number, now: () => number): { report(fraction: number): void; stop(): void } {
  let last = now();
  let pending: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    if (pending === undefined) return;
    const fraction = pending;
    pending = undefined;
    last = now();
    write(fraction);
  };
  return {
    report(fraction) {
      pending = fraction;
      timer ??= setTimeout(flush, Math.max(0, last + intervalMs - now()));
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
      pending = undefined;
    },
  };
}

/**
 * Runs media jobs: each attempt is marked in the store, calls the job's provider through its
 * circuit breaker with a timeout, checks the output, stores the artifact under its hash and
 * records the result — once, since only a running job takes a result. Failures back off with
 * jitter and retry up to the job's `maxAttempts`; the last error stays on the failed job.
 * A cancelled job's call is aborted (see {@link abort}).
 */
export class JobRunner {
  readonly #deps: JobRunnerDeps;
  readonly #breakers = new Map<string, CircuitBreakerPolicy>();
  readonly #running = new Map<string, AbortController>();

  constructor(deps: JobRunnerDeps) {
    this.#deps = deps;
  }

  /** Aborts the job's provider call or backoff in this process (it was cancelled). */
  abort(jobId: string): void {
    this.#running.get(jobId)?.abort(new Error('cancelled'));
  }

  /** Jobs this process is running now. */
  get runningCount(): number {
    return this.#running.size;
  }

  /** The circuit state of each provider this runner has called (for metrics). */
  breakerStates(): { provider: string; open: boolean }[] {
    return [...this.#breakers].map(([provider, breaker]) => ({ provider, open: breaker.state === CircuitState.Open }));
  }

  #breaker(providerId: string): CircuitBreakerPolicy {
    let breaker = this.#breakers.get(providerId);
    if (breaker === undefined) {
      const { breakerThreshold, breakerHalfOpenAfterMs } = this.#deps.retry;
      // A refusal is the request's fault, and a cancellation the user's: neither says the provider is down.
      breaker = circuitBreaker(
        handleWhen((error) => !(isProviderError(error) && error.kind === 'refused') && !(error instanceof InvalidOutputError)),
        { halfOpenAfter: breakerHalfOpenAfterMs, breaker: new ConsecutiveBreaker(breakerThreshold) },
      );
      breaker.onStateChange((state) => {
        this.#deps.metrics.breakerOpen.set({ provider: providerId }, state === CircuitState.Open ? 1 : 0);
        this.#deps.logger.warn({ provider: providerId, state: CircuitState[state] }, 'provider circuit changed state');
      });
      this.#breakers.set(providerId, breaker);
    }
    return breaker;
  }

  #call(job: StoredJob, signal: AbortSignal, progress: (fraction: number) => void): { providerId: string; run: () => Promise<Rendered> } {
    const { providers, retry } = this.#deps;
    const payload = job.job.payload;
    const policy = (providerId: string, fn: (signal: AbortSignal) => Promise<Rendered>) =>
      wrap(this.#breaker(providerId), timeout(retry.timeoutMs, TimeoutStrategy.Aggressive)).execute(({ signal: callSignal }) => fn(callSignal), signal);
    switch (job.job.type) {
      case 'tts': {
        const p = providers.tts;
        const request = {
          text: payload.text as string,
          language: payload.language as MediaLanguage,
          ...(typeof payload.voice === 'string' ? { voice: payload.voice } : {}),
          ...(typeof payload.speed === 'number' ? { speed: payload.speed } : {}),
        };
        return { providerId: p.id, run: () => policy(p.id, (s) => p.synthesize(request, { signal: s, progress })) };
      }
      case 'img': {
        const p = providers.image;
        const request = {
          prompt: payload.prompt as string,
          size: payload.size as ImageSize,
          seed: payload.seed as number,
          language: payload.language as MediaLanguage,
          ...(typeof payload.style === 'string' ? { style: payload.style } : {}),
        };
        return { providerId: p.id, run: () => policy(p.id, (s) => p.render(request, { signal: s, progress })) };
      }
      case 'avatar': {
        const p = providers.avatar;
        const request = { seed: payload.seed as string, size: payload.size as number, ...(typeof payload.style === 'string' ? { style: payload.style } : {}) };
        return { providerId: p.id, run: () => policy(p.id, (s) => p.render(request, { signal: s, progress })) };
      }
    }
  }

  /**
   * Runs the job to its end (succeeded, failed, or left alone when cancelled or already finished).
   * Safe to call again for the same job after a crash: a finished job is not run again, and the
   * attempts already made count. The first statement starts the attempt (it is also the status
   * read); only when it refuses is the job read, to tell a finished job from used-up attempts.
   */
  async run(jobId: string): Promise<void> {
    const { store, providers, metrics } = this.#deps;
    const providerIds = { tts: providers.tts.id, img: providers.image.id, avatar: providers.avatar.id } as const;
    const controller = new AbortController();
    this.#running.set(jobId, controller);
    try {
      let job = await store.startAttempt(jobId, providerIds);
      if (job === undefined) {
        const found = await store.find(jobId);
        // Attempts were used up by runs that died without recording an outcome (crashes).
        if (found !== undefined && !isFinished(found.job.status) && found.job.attempts >= found.job.maxAttempts)
          await this.#fail(
            found,
            { code: 'provider_failed', message: found.job.error?.message ?? 'Every attempt was interrupted.', retryable: false },
            this.#jobLogger(found),
          );
        return;
      }
      const logger = this.#jobLogger(job);
      metrics.waitSeconds.observe({ type: job.job.type }, Math.max(0, this.#deps.clock() - Date.parse(job.job.createdAt)) / 1000);
      for (;;) {
        const progress = throttledProgress(
          (fraction) => {
            void store.progress(jobId, fraction).catch((error: unknown) => {
              logger.warn({ err: error }, 'recording progress failed');
            });
          },
          PROGRESS_INTERVAL_MS,
          this.#deps.clock,
        );
        const { providerId, run } = this.#call(job, controller.signal, (fraction) => {
          if (Number.isFinite(fraction)) progress.report(Math.min(1, Math.max(0, fraction)));
        });
        logger.info({ attempt: job.job.attempts, provider: providerId }, 'media job attempt started');
        const t0 = performance.now();
        let failure: AttemptFailure;
        try {
          const rendered = await run();
          progress.stop();
          checkOutput(job.job.type, job.job.payload, rendered);
          const sha256 = sha256Hex(rendered.bytes);
          await this.#deps.artifacts.put(sha256, rendered.bytes);
          const done = await store.succeed(jobId, { sha256, mime: rendered.mime, bytes: rendered.bytes.length, meta: rendered.meta });
          const seconds = (performance.now() - t0) / 1000;
          metrics.durationSeconds.observe({ type: job.job.type, provider: providerId }, seconds);
          metrics.finished.inc({ type: job.job.type, provider: providerId, outcome: done === undefined ? 'cancelled' : 'succeeded' });
          if (done !== undefined) metrics.artifactBytes.inc({ type: job.job.type }, rendered.bytes.length);
          logger.info(
            { attempt: job.job.attempts, provider: providerId, sha256, bytes: rendered.bytes.length, ms: Math.round(seconds * 1000) },
            done === undefined ? 'media job cancelled while rendering' : 'media job succeeded',
          );
          return;
        } catch (error) {
          progress.stop();
          if (controller.signal.aborted) {
            logger.info({ attempt: job.job.attempts }, 'media job cancelled');
            metrics.finished.inc({ type: job.job.type, provider: providerId, outcome: 'cancelled' });
            return;
          }
          failure = classify(error, this.#deps.retry.timeoutMs);
          metrics.attemptFailures.inc({ provider: providerId, code: failure.code });
          logger.warn({ attempt: job.job.attempts, provider: providerId, code: failure.code, err: error }, 'media job attempt failed');
        }
        if (!failure.retryable || job.job.attempts >= job.job.maxAttempts) {
          await this.#fail(job, failure, logger, providerId);
          return;
        }
        const waiting = await store.retrying(jobId, failure.code, failure.message);
        if (waiting === undefined) return;
        try {
          await this.#deps.sleep(this.backoffMs(waiting.job.attempts, failure.retryAfterMs), controller.signal);
        } catch {
          return; // cancelled while backing off
        }
        const next = await store.startAttempt(jobId, providerIds);
        if (next === undefined) return; // cancelled meanwhile (attempts are left: checked above)
        job = next;
      }
    } finally {
      this.#running.delete(jobId);
    }
  }

  #jobLogger(job: StoredJob): Logger {
    return this.#deps.logger.child({ jobId: job.job.id, ...(job.traceId === undefined ? {} : { traceId: job.traceId }), jobType: job.job.type });
  }

  /** Full jitter: a random delay up to base · 2^(n−1), capped; never less than the provider's Retry-After. */
  backoffMs(failedAttempts: number, retryAfterMs?: number): number {
    const { baseDelayMs, maxDelayMs } = this.#deps.retry;
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, failedAttempts - 1));
    return Math.max(Math.round(this.#deps.random() * ceiling), Math.min(retryAfterMs ?? 0, maxDelayMs));
  }

  async #fail(job: StoredJob, failure: AttemptFailure, logger: Logger, providerId = 'none'): Promise<void> {
    const failed = await this.#deps.store.fail(job.job.id, failure.code, failure.message);
    if (failed === undefined) return;
    this.#deps.metrics.finished.inc({ type: job.job.type, provider: providerId, outcome: 'failed' });
    logger.warn({ attempts: failed.job.attempts, code: failure.code }, 'media job failed for good');
  }
}
