import type { SessionClaims } from '@rpg-bot/auth';
import type { AppEnv } from '@rpg-bot/http';

/** Hono environment of routes behind {@link bearerAuth}: the verified session of the caller. */
export interface AuthEnv {
  Variables: AppEnv['Variables'] & {
    /** Claims of the caller's verified token; the user is known to exist. */
    session: SessionClaims;
  };
}
