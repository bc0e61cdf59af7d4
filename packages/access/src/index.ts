/**
 * Who is calling and what they may do, shared by the services: the bearer middleware and the
 * session-token check (HTTP and WebSocket), `refuseRevokedTokens`, and the SQL read model of the
 * relay's identity tables for services that only read them.
 */
export type { AuthEnv } from './auth-env';
export { bearerAuth, unauthorized } from './bearer-auth';
export { checkSessionToken } from './check-session';
export type { SessionCheck, SessionRefusal } from './check-session';
export { IdentityReader } from './identity-reader';
export type { RevocationLookup, RoleLookup, UserLookup } from './ports';
export { refuseRevokedTokens } from './refuse-revoked-tokens';
export { SESSION_TOKEN_AUDIENCE, SESSION_TOKEN_ISSUER } from './session-token-names';
