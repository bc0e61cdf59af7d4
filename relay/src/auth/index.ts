export { authRoutes } from './auth-routes';
export type { AuthRoutesOptions, AuthSettings } from './auth-routes';
export type { AuthEnv } from './auth-env';
export { bearerAuth, unauthorized } from './bearer-auth';
export { UserStore } from './user-store';
export type { RelayUser } from './user-store';
export { authMigrations } from './migrations';
export { refuseRevokedTokens, REVOCATION_CHANNEL, SessionRevocations } from './session-revocations';
