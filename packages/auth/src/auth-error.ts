/**
 * Why an authentication step failed. A closed union: the relay maps every code to one HTTP
 * answer (`unauthorized`) or a WebSocket close code, and never echoes the input back.
 *
 * - `init_data_invalid`: Telegram initData is malformed, unsigned, tampered, for another bot, or
 *   carries no usable `user`.
 * - `init_data_expired`: `auth_date` is older than the allowed age.
 * - `init_data_from_future`: `auth_date` lies further in the future than the clock skew allows.
 * - `token_invalid`: a session token is malformed, forged, signed by another key, or has the
 *   wrong algorithm, issuer, audience or claims.
 * - `token_expired`: a session token was valid but its `exp` has passed (a refresh is too late).
 * - `signing_key_invalid`: the configured or stored signing key is not an Ed25519 private key.
 */
export type AuthErrorCode =
  | 'init_data_invalid'
  | 'init_data_expired'
  | 'init_data_from_future'
  | 'token_invalid'
  | 'token_expired'
  | 'signing_key_invalid';

/**
 * The only error this package throws for bad input. Its message is written by this package and
 * never contains the initData, a token or key material, so it is safe to log.
 */
export class AuthError extends Error {
  override readonly name = 'AuthError';

  constructor(
    readonly code: AuthErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Whether `error` is an {@link AuthError}, optionally with the given code. */
export function isAuthError(error: unknown, code?: AuthErrorCode): error is AuthError {
  return error instanceof AuthError && (code === undefined || error.code === code);
}
