import { AuthError } from '@rpg-bot/auth';
import type { SessionClaims, TokenService } from '@rpg-bot/auth';
import type { RevocationLookup } from './ports';

/**
 * The token service with sign-out enforced: `verify` (and `refresh`) reject a token of a revoked
 * session with `token_invalid`, whichever process revoked it (the check reads the database).
 */
export function refuseRevokedTokens(tokens: TokenService, revocations: RevocationLookup): TokenService {
  const verify = async (token: string): Promise<SessionClaims> => {
    const claims = await tokens.verify(token);
    if (await revocations.isRevoked(claims.sessionId)) throw new AuthError('token_invalid', 'Session token rejected: it was signed out');
    return claims;
  };
  return {
    issue: (subject, options) => tokens.issue(subject, options),
    verify,
    async refresh(token) {
      await verify(token);
      return tokens.refresh(token);
    },
  };
}
