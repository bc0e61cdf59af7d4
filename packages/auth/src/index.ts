/**
 * Server-side authentication for RPG-Bot: Telegram Mini App initData validation, session tokens
 * (EdDSA JWTs) and their signing keys. No HTTP here; the relay's routes call these functions.
 */
export { AuthError, isAuthError } from './auth-error';
export type { AuthErrorCode } from './auth-error';
export type { AuthLogger, Clock } from './ports';
export { validateTelegramInitData } from './telegram/validate-init-data';
export type { TelegramIdentity, TelegramValidationOptions } from './telegram/validate-init-data';
export { createTokenService } from './tokens/token-service';
export type {
  IssuedToken,
  IssueOptions,
  SessionClaims,
  SessionSubject,
  TokenService,
  TokenServiceOptions,
} from './tokens/token-service';
export { generateSigningKeys, SESSION_TOKEN_ALG, signingKeysFromPem } from './keys/signing-keys';
export type { PublicJwks, PublicSigningJwk, SigningKeys } from './keys/signing-keys';
export { loadOrCreateSigningKeys, SIGNING_KEY_FILE } from './keys/load-or-create-signing-keys';
export type { LoadOrCreateSigningKeysOptions } from './keys/load-or-create-signing-keys';
