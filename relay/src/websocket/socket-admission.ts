import type { SessionClaims, TokenService } from '@rpg-bot/auth';
import { closeCodes } from '@rpg-bot/sync-protocol';
import type { CloseCodeInfo } from '@rpg-bot/sync-protocol';
import { checkSessionToken } from '@rpg-bot/access';
import type { SessionRefusal } from '@rpg-bot/access';
import type { UserStore } from '../auth/user-store';

/** Why a socket was refused; logged and counted, never sent (the close code says enough). */
export type SocketRefusalReason = 'no_token' | SessionRefusal | 'no_access';

/** A refusal: the named close code the socket gets right after the handshake, and why. */
export interface SocketRefusal {
  readonly refuse: CloseCodeInfo;
  readonly why: SocketRefusalReason;
}

/** What the sync and party sockets share in admitting a connection (SPEC SYNC-AUTH-1). */
export interface SocketAdmissionOptions<Grant> {
  readonly tokens: TokenService;
  readonly users: Pick<UserStore, 'find'>;
  /**
   * What the session may do with the socket's resource (a doc's access, a campaign role);
   * undefined = nothing. Unknown resources answer undefined too, so existence is not revealed.
   */
  readonly grant: (resourceId: string, session: SessionClaims) => Promise<Grant | undefined>;
}

export type SocketAdmission<Grant> = { readonly session: SessionClaims; readonly grant: Grant } | SocketRefusal;

/**
 * One admission for every WebSocket route: the `?token=` checked exactly as `bearerAuth` checks a
 * bearer token (missing, invalid, expired, revoked, or a user that no longer exists → 4401
 * Unauthorized), then the resource's grant (none → 4403 Forbidden).
 */
export async function admitSocket<Grant>(options: SocketAdmissionOptions<Grant>, resourceId: string, token: string | undefined): Promise<SocketAdmission<Grant>> {
  if (token === undefined || token === '') return { refuse: closeCodes.Unauthorized, why: 'no_token' };
  const checked = await checkSessionToken(options.tokens, options.users, token);
  if (!checked.ok) return { refuse: closeCodes.Unauthorized, why: checked.reason };
  const grant = await options.grant(resourceId, checked.session);
  if (grant === undefined) return { refuse: closeCodes.Forbidden, why: 'no_access' };
  return { session: checked.session, grant };
}
