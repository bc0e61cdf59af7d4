import { useEffect, useState } from 'react';
import { probeServer } from './server-status';
import type { FetchLike, ServerStatus } from './server-status';

export interface ServerStatusOptions {
  /** Defaults to the browser's `fetch`. */
  readonly fetch?: FetchLike;
  /** How often to re-check while the page is visible; a server can go away without any browser event. */
  readonly recheckMs?: number;
}

const DEFAULT_RECHECK_MS = 30_000;

const defaultFetch: FetchLike = (input, init) => fetch(input, init);

/**
 * Tracks whether the server answers. The browser's `offline` event is trusted at once (no network,
 * no server); `online`, the page becoming visible again and a periodic timer trigger a fresh
 * probe, because "online" only means a network exists, not that our server is on it.
 */
export function useServerStatus(options: ServerStatusOptions = {}): ServerStatus {
  const [status, setStatus] = useState<ServerStatus>(() => (navigator.onLine ? 'checking' : 'offline'));
  const fetchImpl = options.fetch ?? defaultFetch;
  const recheckMs = options.recheckMs ?? DEFAULT_RECHECK_MS;

  useEffect(() => {
    const unmounted = new AbortController();
    let latest = 0;

    const check = () => {
      if (!navigator.onLine) {
        setStatus('offline');
        return;
      }
      // Only the newest probe may set the status; an older, slower answer is stale.
      latest += 1;
      const probe = latest;
      void probeServer({ fetch: fetchImpl, signal: unmounted.signal }).then((reachable) => {
        if (probe === latest && !unmounted.signal.aborted) setStatus(reachable ? 'reachable' : 'offline');
      });
    };
    const goOffline = () => {
      latest += 1;
      setStatus('offline');
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible') check();
    };

    check();
    window.addEventListener('online', check);
    window.addEventListener('offline', goOffline);
    document.addEventListener('visibilitychange', onVisible);
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') check();
    }, recheckMs);
    return () => {
      unmounted.abort();
      window.removeEventListener('online', check);
      window.removeEventListener('offline', goOffline);
      document.removeEventListener('visibilitychange', onVisible);
      window.clearInterval(timer);
    };
  }, [fetchImpl, recheckMs]);

  return status;
}
