import type { Session as WireSession } from '@rpg-bot/contracts';
import { systemTimers } from '@rpg-bot/kit';
import type { Timers } from '@rpg-bot/kit';
import { isApiError } from '../api';

/** A signed-in session as kept on the device: the wire session plus when we received it. */
export interface StoredSession extends WireSession {
  /** Epoch ms when the token arrived; with `expiresAt` it gives the token's lifetime. */
  readonly receivedAt: number;
}

/** Why there is no session: never signed in, signed out, or the server stopped accepting the token. */
export type SignedOutReason = 'none' | 'signed_out' | 'expired';

export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface SessionManagerOptions {
  readonly storage: KeyValueStorage;
  /** `POST /v1/auth/refresh` with the given token. */
  readonly refresh: (token: string) => Promise<WireSession>;
  readonly now?: () => number;
  readonly timers?: Timers;
}

export const SESSION_STORAGE_KEY = 'rpg-bot.session';
/** Refresh this long before expiry at most (a quarter of the lifetime for short-lived tokens). */
const MAX_REFRESH_MARGIN_MS = 120_000;
/** After a failed refresh (offline, server busy) try again this much later. */
const RETRY_MS = 30_000;

function parseStored(raw: string | null): StoredSession | null {
  if (raw === null) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return null;
    const { token, expiresAt, user, receivedAt } = value as Partial<Record<keyof StoredSession, unknown>>;
    if (typeof token !== 'string' || typeof expiresAt !== 'string' || typeof receivedAt !== 'number') return null;
    if (typeof user !== 'object' || user === null) return null;
    const { id, name } = user as Partial<Record<'id' | 'name', unknown>>;
    if (typeof id !== 'string' || typeof name !== 'string' || Number.isNaN(Date.parse(expiresAt))) return null;
    return { token, expiresAt, receivedAt, user: { id, name } };
  } catch {
    return null;
  }
}

/**
 * Keeps the session token on the device (localStorage) with its expiry and refreshes it before it
 * ends: on a timer, when the app regains focus, and on demand from `getToken`. A stored session
 * is used even when expired, so the app opens offline; only the server saying 401 ends it.
 */
export class SessionManager {
  readonly #storage: KeyValueStorage;
  readonly #refresh: (token: string) => Promise<WireSession>;
  readonly #now: () => number;
  readonly #timers: Timers;
  readonly #listeners = new Set<() => void>();
  #session: StoredSession | null;
  #reason: SignedOutReason = 'none';
  /** Cancels the scheduled refresh. */
  #cancelTimer: (() => void) | undefined = undefined;
  #inFlight: Promise<void> | null = null;
  #retryAt = 0;

  constructor(options: SessionManagerOptions) {
    this.#storage = options.storage;
    this.#refresh = options.refresh;
    this.#now = options.now ?? Date.now;
    this.#timers = options.timers ?? systemTimers;
    this.#session = parseStored(this.#storage.getItem(SESSION_STORAGE_KEY));
    this.#schedule();
  }

  current(): StoredSession | null {
    return this.#session;
  }

  signedOutReason(): SignedOutReason {
    return this.#reason;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  signIn(session: WireSession): void {
    this.#set({ ...session, receivedAt: this.#now() }, 'none');
  }

  signOut(): void {
    this.#set(null, 'signed_out');
  }

  /** The server rejected the token (401): back to sign-in; local data stays. */
  expire(): void {
    if (this.#session !== null) this.#set(null, 'expired');
  }

  /** When the token should be refreshed (epoch ms), or null when signed out. */
  refreshDueAt(): number | null {
    const session = this.#session;
    if (session === null) return null;
    const expiresAt = Date.parse(session.expiresAt);
    const lifetime = Math.max(0, expiresAt - session.receivedAt);
    return expiresAt - Math.min(MAX_REFRESH_MARGIN_MS, lifetime / 4);
  }

  /**
   * The token to send, refreshed first when due. Offline, the current (maybe expired) token is
   * returned: the caller's request fails as offline anyway, and local work goes on.
   */
  async getToken(): Promise<string | null> {
    const due = this.refreshDueAt();
    if (due !== null && this.#now() >= due && this.#now() >= this.#retryAt) await this.refreshNow();
    return this.#session?.token ?? null;
  }

  /** Refreshes if due (called when the app regains focus or comes back online). */
  refreshIfDue(): Promise<void> {
    const due = this.refreshDueAt();
    if (due === null || this.#now() < due) return Promise.resolve();
    return this.refreshNow();
  }

  /** Exchanges the token for a fresh one; concurrent callers share one request. */
  refreshNow(): Promise<void> {
    this.#inFlight ??= this.#doRefresh().finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  /** Stops the refresh timer (the manager is being thrown away). */
  dispose(): void {
    this.#clearTimer();
    this.#listeners.clear();
  }

  async #doRefresh(): Promise<void> {
    const session = this.#session;
    if (session === null) return;
    try {
      const fresh = await this.#refresh(session.token);
      // Signed out (or in as someone else) while the request was out: keep what is there now.
      if (this.#session?.token !== session.token) return;
      this.#retryAt = 0;
      this.signIn(fresh);
    } catch (error) {
      if (this.#session?.token !== session.token) return;
      if (isApiError(error) && error.code === 'unauthorized') {
        this.expire();
        return;
      }
      this.#retryAt = this.#now() + RETRY_MS;
      this.#schedule();
    }
  }

  #set(session: StoredSession | null, reason: SignedOutReason): void {
    this.#session = session;
    this.#reason = reason;
    if (session === null) this.#storage.removeItem(SESSION_STORAGE_KEY);
    else this.#storage.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
    this.#schedule();
    for (const listener of [...this.#listeners]) listener();
  }

  #schedule(): void {
    this.#clearTimer();
    const due = this.refreshDueAt();
    if (due === null) return;
    const at = Math.max(due, this.#retryAt);
    this.#cancelTimer = this.#timers.setTimeout(
      () => {
        this.#cancelTimer = undefined;
        void this.refreshNow();
      },
      Math.max(0, at - this.#now()),
    );
  }

  #clearTimer(): void {
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
  }
}
