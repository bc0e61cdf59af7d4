import type {
  Campaign,
  CampaignList,
  ClientErrorReport,
  DocHistory,
  Invite,
  InviteRole,
  Job,
  JobAccepted,
  JobCreateRequest,
  JobEvent,
  JobList,
  MediaProviders,
  Session,
  Validator,
} from '@rpg-bot/contracts';
import { validators } from '@rpg-bot/contracts';
import { ApiError, errorFromBody, retryAfterMs } from './api-error';
import { readServerSentEvents } from './server-sent-events';

/** The part of `fetch` the client uses; injected so tests can hand in a Hono app's `fetch`. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface ApiClientOptions {
  /** Origin (and optional prefix) of the API; '' = same origin, the default. */
  readonly baseUrl?: string;
  readonly fetch?: FetchLike;
  /** The current session token, refreshed if needed; null when signed out. */
  readonly getToken: () => Promise<string | null>;
  /** Called when the server rejected our token (401 on an authenticated call). */
  readonly onUnauthorized?: () => void;
}

export interface RequestOptions {
  readonly body?: unknown;
  /** Send `Authorization: Bearer`; default true. */
  readonly auth?: boolean;
  readonly signal?: AbortSignal;
  /** The `Accept` header; JSON by default. */
  readonly accept?: string;
}

const browserFetch: FetchLike = (input, init) => fetch(input, init);

/**
 * The one HTTP client of the app: adds the bearer token, turns every failure into an
 * {@link ApiError} with a code from the closed set (or `offline`), validates answers against the
 * wire schemas, and reports a rejected token so the shell can send the user back to sign-in.
 * It never touches local data.
 */
export class ApiClient {
  readonly #baseUrl: string;
  readonly #fetch: FetchLike;
  readonly #getToken: () => Promise<string | null>;
  readonly #onUnauthorized: () => void;

  constructor(options: ApiClientOptions) {
    this.#baseUrl = options.baseUrl ?? '';
    this.#fetch = options.fetch ?? browserFetch;
    this.#getToken = options.getToken;
    this.#onUnauthorized = options.onUnauthorized ?? (() => undefined);
  }

  /** Sends a request and returns the successful response; throws {@link ApiError} otherwise. */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const headers = new Headers({ accept: options.accept ?? 'application/json' });
    const authenticated = options.auth ?? true;
    if (authenticated) {
      const token = await this.#getToken();
      if (token === null) throw new ApiError('unauthorized', 'Not signed in', { status: 401 });
      headers.set('authorization', `Bearer ${token}`);
    }
    const init: RequestInit = { method, headers, cache: 'no-store' };
    if (options.body !== undefined) {
      headers.set('content-type', 'application/json');
      init.body = JSON.stringify(options.body);
    }
    if (options.signal !== undefined) init.signal = options.signal;

    let response: Response;
    try {
      response = await this.#fetch(`${this.#baseUrl}${path}`, init);
    } catch (error) {
      if (options.signal?.aborted === true) throw error;
      throw new ApiError('offline', 'The server could not be reached', { cause: error });
    }
    if (response.ok) return response;

    const body: unknown = await response.json().catch(() => undefined);
    const error = errorFromBody(response.status, body, retryAfterMs(response.headers.get('retry-after')));
    if (authenticated && response.status === 401) this.#onUnauthorized();
    throw error;
  }

  /** A JSON request whose answer must match `validator`. */
  async json<T>(method: string, path: string, validator: Validator<T>, options: RequestOptions = {}): Promise<T> {
    const response = await this.request(method, path, options);
    const body: unknown = await response.json().catch(() => undefined);
    const result = validator(body);
    if (!result.ok)
      throw new ApiError('invalid_response', `Unexpected answer from ${method} ${path}`, {
        status: response.status,
        details: result.issues,
      });
    return result.value;
  }

  /** A binary answer (e.g. a Yjs update from `/v1/docs/{docId}/at/{seq}`). */
  async bytes(path: string, options: RequestOptions = {}): Promise<Uint8Array> {
    const response = await this.request('GET', path, options);
    return new Uint8Array(await response.arrayBuffer());
  }

  /** `POST /v1/auth/dev`: development login by name (404 `not_found` when the server has it off). */
  devLogin(name: string): Promise<Session> {
    return this.json('POST', '/v1/auth/dev', validators.session, { body: { name }, auth: false });
  }

  /**
   * Whether the server offers development login, asked without creating a user: an empty body is
   * refused with 400 when the route is on, and the route answers 404 `not_found` when it is off.
   */
  async devLoginAvailable(): Promise<boolean> {
    try {
      await this.request('POST', '/v1/auth/dev', { body: {}, auth: false });
      return true;
    } catch (error) {
      if (error instanceof ApiError && (error.code === 'validation_failed' || error.code === 'bad_request')) return true;
      if (error instanceof ApiError && error.code === 'not_found') return false;
      throw error;
    }
  }

  /** `POST /v1/auth/telegram`: exchanges the Mini App's initData for a session. */
  telegramLogin(initData: string): Promise<Session> {
    return this.json('POST', '/v1/auth/telegram', validators.session, { body: { initData }, auth: false });
  }

  /** `POST /v1/auth/refresh` with the given (still valid) token. */
  async refresh(token: string): Promise<Session> {
    const response = await this.#fetchWithToken('POST', '/v1/auth/refresh', token);
    const body: unknown = await response.json().catch(() => undefined);
    const result = validators.session(body);
    if (!result.ok) throw new ApiError('invalid_response', 'Unexpected answer from POST /v1/auth/refresh', { status: response.status });
    return result.value;
  }

  /**
   * `POST /v1/auth/logout`: the relay revokes the token (its sync sockets close). Best effort: a
   * server without the route answers 404, and signing out works on the device regardless.
   */
  async logout(token: string): Promise<void> {
    await this.#fetchWithToken('POST', '/v1/auth/logout', token);
  }

  async listCampaigns(): Promise<Campaign[]> {
    const list: CampaignList = await this.json('GET', '/v1/campaigns', validators.campaignList);
    return list.campaigns;
  }

  createCampaign(title: string): Promise<Campaign> {
    return this.json('POST', '/v1/campaigns', validators.campaign, { body: { title } });
  }

  createInvite(campaignId: string, role: InviteRole): Promise<Invite> {
    return this.json('POST', `/v1/campaigns/${encodeURIComponent(campaignId)}/invites`, validators.invite, { body: { role } });
  }

  async revokeInvite(campaignId: string, code: string): Promise<void> {
    await this.request('DELETE', `/v1/campaigns/${encodeURIComponent(campaignId)}/invites/${encodeURIComponent(code)}`);
  }

  acceptInvite(code: string): Promise<Campaign> {
    return this.json('POST', `/v1/invites/${encodeURIComponent(code)}/accept`, validators.campaign);
  }

  docHistory(docId: string): Promise<DocHistory> {
    return this.json('GET', `/v1/docs/${encodeURIComponent(docId)}/history`, validators.docHistory);
  }

  /** The Yjs state of a doc after update `seq` (one encoded update). */
  docAt(docId: string, seq: number): Promise<Uint8Array> {
    return this.bytes(`/v1/docs/${encodeURIComponent(docId)}/at/${String(seq)}`);
  }

  /** `POST /v1/jobs`: asks for a media job; the same `clientToken` always names the same job (a repeat is safe). */
  createJob(request: JobCreateRequest): Promise<JobAccepted> {
    return this.json('POST', '/v1/jobs', validators.jobAccepted, { body: request });
  }

  job(jobId: string, options: RequestOptions = {}): Promise<Job> {
    return this.json('GET', `/v1/jobs/${encodeURIComponent(jobId)}`, validators.job, options);
  }

  /** `GET /v1/jobs?campaignId=`: one page of the campaign's media library, newest first. */
  jobs(campaignId: string, cursor?: string): Promise<JobList> {
    const query = new URLSearchParams({ campaignId, limit: '50' });
    if (cursor !== undefined) query.set('cursor', cursor);
    return this.json('GET', `/v1/jobs?${query.toString()}`, validators.jobList);
  }

  async cancelJob(jobId: string): Promise<void> {
    await this.request('DELETE', `/v1/jobs/${encodeURIComponent(jobId)}`);
  }

  /** `GET /v1/media/providers`: the voices and styles the configured providers offer. */
  mediaProviders(): Promise<MediaProviders> {
    return this.json('GET', '/v1/media/providers', validators.mediaProviders);
  }

  /**
   * `GET /v1/jobs/{id}/events` as a stream of validated events (Server-Sent Events over `fetch`, so
   * the bearer token goes in a header). Ends when the server ends the stream (the job finished);
   * events that do not match the schema end it with `invalid_response`.
   */
  async *jobEvents(jobId: string, afterSeq: number, signal: AbortSignal): AsyncGenerator<JobEvent> {
    const response = await this.request('GET', `/v1/jobs/${encodeURIComponent(jobId)}/events?lastEventId=${String(afterSeq)}`, {
      signal,
      accept: 'text/event-stream',
    });
    if (response.body === null) return;
    for await (const message of readServerSentEvents(response.body)) {
      if (message.data === '') continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(message.data);
      } catch {
        throw new ApiError('invalid_response', 'Unreadable job event', { status: response.status });
      }
      const event = validators.jobEvent(parsed);
      if (!event.ok) throw new ApiError('invalid_response', 'Unexpected job event', { status: response.status, details: event.issues });
      yield event.value;
    }
  }

  /** The bytes of a stored artifact (`/v1/artifacts/{sha256}.{ext}`, members only). */
  artifact(artifactUrl: string, options: RequestOptions = {}): Promise<Uint8Array> {
    return this.bytes(artifactUrl, options);
  }

  /** `POST /v1/diagnostics/client-errors`: an uncaught error on this device (no token needed). */
  async reportClientError(report: ClientErrorReport): Promise<void> {
    await this.request('POST', '/v1/diagnostics/client-errors', { body: report, auth: false });
  }

  /** Refresh must not go through `getToken` (which may itself be refreshing) nor report 401 as a lost session twice. */
  async #fetchWithToken(method: string, path: string, token: string): Promise<Response> {
    let response: Response;
    try {
      response = await this.#fetch(`${this.#baseUrl}${path}`, {
        method,
        headers: { accept: 'application/json', authorization: `Bearer ${token}` },
        cache: 'no-store',
      });
    } catch (error) {
      throw new ApiError('offline', 'The server could not be reached', { cause: error });
    }
    if (response.ok) return response;
    const body: unknown = await response.json().catch(() => undefined);
    throw errorFromBody(response.status, body);
  }
}
