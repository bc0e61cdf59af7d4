import { ApiError } from '@rpg-bot/http';
import type { MiddlewareHandler } from 'hono';
import type { AuthEnv } from './auth-env';
import type { TokenService } from '@rpg-bot/auth';
import { checkSessionToken } from './check-session';
import type { UserLookup } from './ports';

const BEARER = /^Bearer[ ]+([A-Za-z0-9._~+/-]+=*)[ ]*$/i;

/** A 401 that tells the client, per RFC 6750, that a bearer token is expected (and why it failed). */
export function unauthorized(message: string, error?: 'invalid_token'): ApiError {
  const challenge = error === undefined ? 'Bearer realm="rpg-bot"' : `Bearer realm="rpg-bot", error="${error}"`;
  return new ApiError('unauthorized', message, { headers: { 'WWW-Authenticate': challenge } });
}

/**
 * Requires `Authorization: Bearer <session token>`: a valid, unexpired token of a user who still
 * exists. Sets `session` for the handlers; anything else is 401 `unauthorized` with
 * `WWW-Authenticate: Bearer`. The token itself is never logged.
 */
export function bearerAuth(tokens: TokenService, users: UserLookup): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (header === undefined) throw unauthorized('Sign in first: send the session token as "Authorization: Bearer <token>".');
    const token = BEARER.exec(header)?.[1];
    if (token === undefined) throw unauthorized('The Authorization header must be "Bearer <token>".', 'invalid_token');
    const checked = await checkSessionToken(tokens, users, token);
    if (!checked.ok) {
      if (checked.reason === 'unknown_user') throw unauthorized('The user of this session no longer exists; sign in again.', 'invalid_token');
      c.get('log').info({ authError: checked.reason }, 'bearer token rejected');
      throw unauthorized(checked.reason === 'token_expired' ? 'The session has expired; sign in again.' : 'The session token is not valid.', 'invalid_token');
    }
    const { session } = checked;
    c.set('session', session);
    await next();
  };
}
