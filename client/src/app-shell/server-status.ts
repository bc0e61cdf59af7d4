/** What the status area shows: still finding out, the server answered, or it did not. */
export type ServerStatus = 'checking' | 'reachable' | 'offline';

/** The subset of `fetch` the probe needs; injected so tests and other hosts can supply their own. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Pick<Response, 'ok' | 'json'>>;

export interface ProbeOptions {
  readonly fetch: FetchLike;
  /** Aborts the probe (component unmounted, newer probe started). */
  readonly signal?: AbortSignal;
  /** A hanging request on a captive portal must not leave the user on "checking" forever. */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5000;

/**
 * Asks the server's liveness endpoint whether it is up. Resolves `true` only for a 2xx answer whose
 * body is `{ "status": "ok" }` — a proxy's error page or a captive portal answering 200 with HTML
 * must not count as "reachable". Never rejects: any failure means the app works offline.
 */
export async function probeServer(options: ProbeOptions): Promise<boolean> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]);
  try {
    const response = await options.fetch('/healthz', { cache: 'no-store', signal, headers: { accept: 'application/json' } });
    if (!response.ok) return false;
    const body: unknown = await response.json();
    return typeof body === 'object' && body !== null && 'status' in body && body.status === 'ok';
  } catch {
    return false;
  }
}

/** The sentence shown to the user for each status. */
export const statusText: Readonly<Record<ServerStatus, string>> = {
  checking: 'Checking the server…',
  reachable: 'Server reachable',
  offline: 'Offline — your campaigns stay on this device',
};
