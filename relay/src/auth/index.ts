export { authRoutes } from './auth-routes';
export type { AuthRoutesOptions, AuthSettings } from './auth-routes';
export type { AuthEnv } from '@rpg-bot/access';
export { bearerAuth, refuseRevokedTokens, unauthorized } from '@rpg-bot/access';
export { UserStore } from './user-store';
export type { RelayUser } from './user-store';
export { authMigrations } from './migrations';
export { REVOCATION_CHANNEL, SessionRevocations } from './session-revocations';
