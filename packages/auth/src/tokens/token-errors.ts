import { errors } from 'jose';
import { AuthError } from '../auth-error';

/**
 * Turns whatever verification threw into an {@link AuthError}. The message is built from the
 * error's kind (and the claim name), never from the token.
 */
export function toTokenError(error: unknown): AuthError {
  if (error instanceof errors.JWTExpired) {
    return new AuthError('token_expired', 'Session token has expired; sign in again');
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new AuthError('token_invalid', `Session token rejected: claim "${error.claim}" ${error.reason.replace('_', ' ')}`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new AuthError('token_invalid', 'Session token rejected: signing algorithm not allowed');
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new AuthError('token_invalid', 'Session token rejected: signature does not verify');
  }
  if (error instanceof AuthError) return error;
  return new AuthError('token_invalid', 'Session token rejected: malformed');
}
