import { isAuthError } from '@rpg-bot/auth';
import type { AuthErrorCode, SessionClaims, TokenService } from '@rpg-bot/auth';
import type { UserLookup } from './ports';

/** Why a session token is not accepted: the token's own fault, or a user that no longer exists. */
export type SessionRefusal = AuthErrorCode | 'unknown_user';

export type SessionCheck = { readonly ok: true; readonly session: SessionClaims } | { readonly ok: false; readonly reason: SessionRefusal };

/**
 * The one verification of a session token, shared by `bearerAuth` (HTTP) and the WebSocket
 * admission (`?token=`): valid, unexpired, not revoked (the token service says so) and of a user
 * who still exists. Errors other than an `AuthError` (a database failure) are thrown.
 */
export async function checkSessionToken(tokens: TokenService, users: UserLookup, token: string): Promise<SessionCheck> {
  let session: SessionClaims;
  try {
    session = await tokens.verify(token);
  } catch (error) {
    if (!isAuthError(error)) throw error;
    return { ok: false, reason: error.code };
  }
  if ((await users.find(session.userId)) === undefined) return { ok: false, reason: 'unknown_user' };
  return { ok: true, session };
}
