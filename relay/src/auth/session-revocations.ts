import { AuthError } from '@rpg-bot/auth';
import type { SessionClaims, TokenService } from '@rpg-bot/auth';
import type { Database } from '@rpg-bot/db';
import type { Logger } from '@rpg-bot/observability';

/** Relays sharing one database hear each other's revocations on this channel (payload: the jti). */
export const REVOCATION_CHANNEL = 'relay_session_revoked';

/**
 * Signed-out session tokens (`revoked_sessions`, run `authMigrations` first). A row lives until
 * the token's own `exp`: after that the token is refused anyway, so expired rows are purged.
 *
 * Subscribers (the sync route) hear every revocation: this process's at once, other processes'
 * through NOTIFY once `start()` listens. A relay whose LISTEN connection is down misses those
 * announcements; its sockets of the session then stay open until their token expires, but every
 * new request and connection is refused because verification reads the table.
 */
export class SessionRevocations {
  readonly #db: Database;
  readonly #clock: () => number;
  readonly #logger: Logger;
  readonly #listeners = new Set<(jti: string) => void>();
  #unlisten: (() => Promise<void>) | undefined;

  constructor(db: Database, clock: () => number, logger: Logger) {
    this.#db = db;
    this.#clock = clock;
    this.#logger = logger;
  }

  /** Listens for revocations made by other relay processes on the same database. */
  async start(): Promise<void> {
    this.#unlisten ??= await this.#db.listen(REVOCATION_CHANNEL, (jti) => {
      this.#emit(jti);
    });
  }

  async stop(): Promise<void> {
    const unlisten = this.#unlisten;
    this.#unlisten = undefined;
    await unlisten?.();
  }

  /** Revokes the session until its expiry (idempotent), tells every subscriber, and purges expired rows. */
  async revoke(session: Pick<SessionClaims, 'jti' | 'userId' | 'expiresAt'>): Promise<void> {
    const now = new Date(this.#clock());
    await this.#db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO revoked_sessions (jti, user_id, revoked_at, expires_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (jti) DO NOTHING`,
        [session.jti, session.userId, now, session.expiresAt],
      );
      await tx.query('DELETE FROM revoked_sessions WHERE expires_at < $1', [now]);
      // Delivered on commit, to every relay including this one (emitting twice is harmless).
      await tx.query('SELECT pg_notify($1, $2)', [REVOCATION_CHANNEL, session.jti]);
    });
    this.#emit(session.jti);
  }

  async isRevoked(jti: string): Promise<boolean> {
    const { rows } = await this.#db.query('SELECT 1 FROM revoked_sessions WHERE jti = $1', [jti]);
    return rows.length > 0;
  }

  /** Calls `listener` with the jti of every revoked session; returns the unsubscribe function. */
  subscribe(listener: (jti: string) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  #emit(jti: string): void {
    for (const listener of this.#listeners) {
      try {
        listener(jti);
      } catch (error) {
        this.#logger.error({ err: error }, 'a session revocation listener threw');
      }
    }
  }
}

/**
 * The token service with revocation: `verify` (hence `bearerAuth` and the sync route) and
 * `refresh` refuse a revoked token with `AuthError('token_invalid')`, as they refuse a forged one.
 */
export function refuseRevokedTokens(tokens: TokenService, revocations: Pick<SessionRevocations, 'isRevoked'>): TokenService {
  const verify = async (token: string): Promise<SessionClaims> => {
    const claims = await tokens.verify(token);
    if (await revocations.isRevoked(claims.jti)) throw new AuthError('token_invalid', 'Session token rejected: it was signed out');
    return claims;
  };
  return {
    issue: (subject) => tokens.issue(subject),
    verify,
    async refresh(token) {
      await verify(token);
      return tokens.refresh(token);
    },
  };
}
