import { reportError, socketEnvironment } from './environment';
import { DEFAULT_DB_NAME, LocalDb } from './local-db';
import { PartySession } from './party-session';
import type { SocketEnvironment } from './reconnecting-socket';
import type { PartyFeed, PartyStoreOptions } from './types';

interface OpenFeed {
  readonly session: PartySession;
  refs: number;
}

/** The party feeds of this device, ref-counted per campaign. */
export class PartyStore {
  readonly #options: PartyStoreOptions;
  readonly #db: LocalDb;
  readonly #env: SocketEnvironment;
  readonly #open = new Map<string, OpenFeed>();
  /** Writes of released feeds that may still be running. */
  readonly #settling = new Map<string, Promise<void>>();
  #online = true;
  #destroyed = false;

  constructor(options: PartyStoreOptions) {
    this.#options = options;
    this.#db = new LocalDb(options.dbName ?? DEFAULT_DB_NAME, options.indexedDb);
    this.#env = socketEnvironment(options);
  }

  open(campaignId: string): PartyFeed {
    if (this.#destroyed) throw new Error('PartyStore.open after destroy()');
    let entry = this.#open.get(campaignId);
    if (entry === undefined) {
      entry = {
        session: new PartySession({
          campaignId,
          partyUrl: this.#options.partyUrl,
          db: this.#db,
          env: this.#env,
          online: this.#online,
          now: Date.now,
          newId: () => crypto.randomUUID(),
          onError: this.#options.onError ?? reportError,
          after: this.#settling.get(campaignId) ?? Promise.resolve(),
        }),
        refs: 0,
      };
      this.#open.set(campaignId, entry);
    }
    entry.refs += 1;
    return this.#feed(campaignId, entry);
  }

  setOnline(online: boolean): void {
    this.#online = online;
    for (const { session } of this.#open.values()) session.setOnline(online);
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    const writes: Promise<void>[] = [];
    for (const { session } of this.#open.values()) {
      session.close();
      writes.push(session.settled());
    }
    this.#open.clear();
    void Promise.all([...writes, ...this.#settling.values()]).finally(() => {
      this.#db.close();
    });
  }

  #feed(campaignId: string, entry: OpenFeed): PartyFeed {
    const { session } = entry;
    let released = false;
    return {
      campaignId,
      whenLoaded: session.whenLoaded,
      events: () => session.events(),
      onChange: (listener) => session.onChange(listener),
      publish: (type, data) => session.publish(type, data),
      status: () => session.status(),
      release: () => {
        if (released) return;
        released = true;
        entry.refs -= 1;
        if (entry.refs > 0 || this.#open.get(campaignId) !== entry) return;
        this.#open.delete(campaignId);
        session.close();
        const settled = session.settled();
        this.#settling.set(campaignId, settled);
        void settled.then(() => {
          if (this.#settling.get(campaignId) === settled) this.#settling.delete(campaignId);
        });
      },
    };
  }
}
