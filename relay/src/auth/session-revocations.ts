import type { SessionClaims } from '@rpg-bot/auth';
import type { Database } from '@rpg-bot/db';
import type { Logger } from '@rpg-bot/observability';

/** Relays sharing one database hear each other's revocations on this channel (payload: the session id). */
export const REVOCATION_CHANNEL = 'relay_session_revoked';

/**
 * Beyond the session TTL a row is kept this much longer: verification tolerates 30 s of clock
 * skew, and a refresh racing with the logout may sign one last token of the session just after it.
 */
const KEEP_BEYOND_TTL_MS = 60_000;

/**
 * Signed-out sessions (`revoked_sessions`, run `authMigrations` first), keyed by session id (the
 * tokens' `sid`): one row ends every token of a sign-in's refresh chain, including tokens
 * refreshed before the logout. A row lives until no token of the session can still be valid —
 * the latest of the logged-out token's `exp` and one session TTL (plus a minute) after the logout,
 * since a token refreshed just before the logout lives that long — then it is purged.
 *
 * Subscribers (the sync and party sockets) hear every revocation: this process's at once, other
 * processes' through NOTIFY once `start()` listens. A relay whose LISTEN connection is down misses
 * those announcements; its sockets of the session then stay open until their token expires, but
 * every new request and connection is refused because verification reads the table.
 */
export class SessionRevocations {
  readonly #db: Database;
  readonly #clock: () => number;
  readonly #logger: Logger;
  readonly #keepMs: number;
  readonly #listeners = new Set<(sessionId: string) => void>();
  #unlisten: (() => Promise<void>) | undefined;

  /** `sessionTtlSeconds`: the lifetime of a session token (`SESSION_TTL_SECONDS`, the same on every relay). */
  constructor(db: Database, clock: () => number, logger: Logger, sessionTtlSeconds: number) {
    if (!Number.isSafeInteger(sessionTtlSeconds) || sessionTtlSeconds <= 0) throw new RangeError('sessionTtlSeconds must be a positive integer');
    this.#db = db;
    this.#clock = clock;
    this.#logger = logger;
    this.#keepMs = sessionTtlSeconds * 1000 + KEEP_BEYOND_TTL_MS;
  }

  /** Listens for revocations made by other relay processes on the same database. */
  async start(): Promise<void> {
    this.#unlisten ??= await this.#db.listen(REVOCATION_CHANNEL, (sessionId) => {
      this.#emit(sessionId);
    });
  }

  async stop(): Promise<void> {
    const unlisten = this.#unlisten;
    this.#unlisten = undefined;
    await unlisten?.();
  }

  /**
   * Revokes the whole session — every token carrying its `sid` — (idempotent), tells every
   * subscriber, and purges rows no token can need any more.
   */
  async revoke(session: Pick<SessionClaims, 'sessionId' | 'userId' | 'expiresAt'>): Promise<void> {
    const now = this.#clock();
    const keepUntil = new Date(Math.max(session.expiresAt.getTime(), now + this.#keepMs));
    await this.#db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO revoked_sessions (session_id, user_id, revoked_at, expires_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (session_id) DO UPDATE SET expires_at = GREATEST(revoked_sessions.expires_at, EXCLUDED.expires_at)`,
        [session.sessionId, session.userId, new Date(now), keepUntil],
      );
      await tx.query('DELETE FROM revoked_sessions WHERE expires_at < $1', [new Date(now)]);
      // Delivered on commit, to every relay including this one (emitting twice is harmless).
      await tx.query('SELECT pg_notify($1, $2)', [REVOCATION_CHANNEL, session.sessionId]);
    });
    this.#emit(session.sessionId);
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    const { rows } = await this.#db.query('SELECT 1 FROM revoked_sessions WHERE session_id = $1', [sessionId]);
    return rows.length > 0;
  }

  /** Calls `listener` with the session id of every revoked session; returns the unsubscribe function. */
  subscribe(listener: (sessionId: string) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  #emit(sessionId: string): void {
    for (const listener of this.#listeners) {
      try {
        listener(sessionId);
      } catch (error) {
        this.#logger.error({ err: error }, 'a session revocation listener threw');
      }
    }
  }
}
