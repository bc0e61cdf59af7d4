import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ApiClient } from '../api';
import { DEFAULT_DB_NAME, DocStore, LocalDb, MediaStore, PartyStore, WebStorageStash } from '../data';
import type { ClientServices } from './feature';
import type { SessionManager } from './session';

/** ws(s)://host — the relay's WebSocket routes sit on the page's origin. */
export function webSocketOrigin(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`;
}

/**
 * Owns the data layer's stores while something uses them: `start` creates them, `stop` destroys
 * them (local data stays in IndexedDB). The browser's online/offline events are forwarded so the
 * sockets stop retrying while there is no network.
 */
class ServicesLifetime {
  readonly #api: ApiClient;
  readonly #sessions: SessionManager;
  readonly #listeners = new Set<() => void>();
  #services: ClientServices | null = null;
  #stopCurrent: (() => void) | null = null;

  constructor(api: ApiClient, sessions: SessionManager) {
    this.#api = api;
    this.#sessions = sessions;
  }

  get = (): ClientServices | null => this.#services;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  };

  start(): void {
    if (this.#services !== null) return;
    const origin = webSocketOrigin(window.location);
    const getToken = () => this.#sessions.getToken();
    const onUnauthorized = () => {
      this.#sessions.expire();
    };
    const docs = new DocStore({
      relayUrl: `${origin}/v1/sync`,
      getToken,
      onUnauthorized,
      stash: new WebStorageStash(window.localStorage),
    });
    const party = new PartyStore({ partyUrl: `${origin}/v1/party`, getToken, onUnauthorized });
    const mediaDb = new LocalDb(DEFAULT_DB_NAME);
    const media = new MediaStore({ db: mediaDb, api: this.#api, userId: this.#sessions.current()?.user.id ?? '' });
    const forwardOnline = () => {
      docs.setOnline(navigator.onLine);
      party.setOnline(navigator.onLine);
      media.setOnline(navigator.onLine);
    };
    // A reload or a closed tab aborts IndexedDB writes in flight: stash those updates synchronously.
    // `visibilitychange` covers mobile browsers, which may kill a hidden page without `pagehide`.
    const stashUnsaved = () => {
      docs.stashUnsaved();
    };
    const stashWhenHidden = () => {
      if (document.visibilityState === 'hidden') docs.stashUnsaved();
    };
    forwardOnline();
    window.addEventListener('online', forwardOnline);
    window.addEventListener('offline', forwardOnline);
    window.addEventListener('pagehide', stashUnsaved);
    document.addEventListener('visibilitychange', stashWhenHidden);
    this.#stopCurrent = () => {
      window.removeEventListener('online', forwardOnline);
      window.removeEventListener('offline', forwardOnline);
      window.removeEventListener('pagehide', stashUnsaved);
      document.removeEventListener('visibilitychange', stashWhenHidden);
      docs.destroy();
      party.destroy();
      media.destroy();
      mediaDb.close();
    };
    this.#publish({ api: this.#api, docs, party, media });
  }

  stop(): void {
    const stop = this.#stopCurrent;
    this.#stopCurrent = null;
    this.#publish(null);
    stop?.();
  }

  #publish(services: ClientServices | null): void {
    this.#services = services;
    for (const listener of [...this.#listeners]) listener();
  }
}

/** The signed-in user's services; null until started (one render) and after sign-out. */
export function useClientServices(api: ApiClient, sessions: SessionManager): ClientServices | null {
  const [lifetime] = useState(() => new ServicesLifetime(api, sessions));
  const services = useSyncExternalStore(lifetime.subscribe, lifetime.get);
  useEffect(() => {
    lifetime.start();
    return () => {
      lifetime.stop();
    };
  }, [lifetime]);
  return services;
}
