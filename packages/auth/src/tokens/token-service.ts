import { randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { AuthError } from '../auth-error';
import type { SigningKeys } from '../keys/signing-keys';
import type { Clock } from '../ports';
import { toTokenError } from './token-errors';

/** Who a session belongs to. */
export interface SessionSubject {
  /** Stable user id (for Telegram users, the Telegram id as a string). */
  readonly userId: string;
  /** Display name, carried in the token so the relay needs no lookup to show it. */
  readonly name: string;
}

/** A freshly signed session token. */
export interface IssuedToken {
  /** The compact JWS; secret — send it to its owner only, never log it. */
  readonly token: string;
  readonly expiresAt: Date;
  /** Unique id of this token (`jti`), for logs. */
  readonly jti: string;
  /** The session this token belongs to (`sid`): kept by every refresh, revoked as a whole by a logout. */
  readonly sessionId: string;
}

/** Options of {@link TokenService.issue}. */
export interface IssueOptions {
  /**
   * Continue this session (a refresh): the new token carries the same `sid`. Omitted = a new
   * sign-in, a new session id.
   */
  readonly sessionId?: string;
}

/** The verified contents of a session token (`sub`, `name`, `jti`, `sid`, `iat`, `exp`). */
export interface SessionClaims extends SessionSubject {
  readonly jti: string;
  /**
   * The session (`sid`): every token issued by refreshing a sign-in's token shares it, so a logout
   * can end them all. A token from before session ids existed is its own session (`sid` = `jti`).
   */
  readonly sessionId: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
}

/** Options of {@link createTokenService}. */
export interface TokenServiceOptions {
  readonly keys: SigningKeys;
  /** `iss` of issued tokens, and the only issuer accepted. */
  readonly issuer: string;
  /** `aud` of issued tokens, and the only audience accepted. */
  readonly audience: string;
  /** Lifetime of a token in seconds. */
  readonly ttlSeconds: number;
  /** Tolerance for `exp`/`nbf`/`iat` between machines; default and maximum 30 seconds. */
  readonly clockSkewSeconds?: number;
  readonly now: Clock;
}

/** Issues, verifies and refreshes session tokens. */
export interface TokenService {
  /** Signs a new token for `subject`, valid from now for `ttlSeconds`, in a new session unless `options.sessionId` continues one. */
  issue(subject: SessionSubject, options?: IssueOptions): Promise<IssuedToken>;
  /**
   * Checks signature, algorithm, `kid`, `typ`, issuer, audience, expiry and presence of every claim.
   * @throws {AuthError} `token_expired` or `token_invalid`.
   */
  verify(token: string): Promise<SessionClaims>;
  /**
   * Exchanges a still-valid token for a new one (new `jti`, new expiry, same `sid`) for the same
   * subject. It checks only the token itself: the caller must check that the user still exists,
   * is still a member and that the session is not revoked before handing out the result.
   * @throws {AuthError} `token_expired` or `token_invalid`.
   */
  refresh(token: string): Promise<IssuedToken>;
}

const MAX_CLOCK_SKEW_SECONDS = 30;
/** Our tokens are a few hundred bytes; anything much larger is not one of them. */
const MAX_TOKEN_LENGTH = 4096;
const REQUIRED_CLAIMS = ['iss', 'aud', 'sub', 'exp', 'nbf', 'iat', 'jti', 'name'];

function checkOptions(options: TokenServiceOptions): number {
  if (options.issuer === '' || options.audience === '') throw new TypeError('issuer and audience must not be empty');
  if (!Number.isSafeInteger(options.ttlSeconds) || options.ttlSeconds <= 0) {
    throw new RangeError('ttlSeconds must be a positive integer');
  }
  const skew = options.clockSkewSeconds ?? MAX_CLOCK_SKEW_SECONDS;
  if (!(skew >= 0 && skew <= MAX_CLOCK_SKEW_SECONDS)) {
    throw new RangeError(`clockSkewSeconds must be between 0 and ${MAX_CLOCK_SKEW_SECONDS}`);
  }
  return skew;
}

function nonEmptyString(value: unknown, claim: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new AuthError('token_invalid', `Session token rejected: claim "${claim}" invalid`);
  }
  return value;
}

/**
 * Creates the session token service: EdDSA (Ed25519) JWTs with `iss aud sub exp nbf iat jti`,
 * `name` and the session id `sid`. Verification accepts only the key's own algorithm, so `alg: none` and
 * HS256-signed-with-the-public-key forgeries fail before any claim is read.
 *
 * @throws {TypeError | RangeError} on invalid options (a programming error).
 */
export function createTokenService(options: TokenServiceOptions): TokenService {
  const skew = checkOptions(options);
  const { keys, issuer, audience, ttlSeconds, now } = options;

  async function issue(subject: SessionSubject, issueOptions: IssueOptions = {}): Promise<IssuedToken> {
    if (subject.userId === '' || subject.name === '') throw new TypeError('userId and name must not be empty');
    if (issueOptions.sessionId === '') throw new TypeError('sessionId must not be empty');
    const issuedAt = Math.floor(now() / 1000);
    const expiresAt = issuedAt + ttlSeconds;
    const jti = randomUUID();
    const sessionId = issueOptions.sessionId ?? randomUUID();
    const token = await new SignJWT({ name: subject.name, sid: sessionId })
      .setProtectedHeader({ alg: keys.alg, kid: keys.kid, typ: 'JWT' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject(subject.userId)
      .setIssuedAt(issuedAt)
      .setNotBefore(issuedAt)
      .setExpirationTime(expiresAt)
      .setJti(jti)
      .sign(keys.privateKey);
    return { token, expiresAt: new Date(expiresAt * 1000), jti, sessionId };
  }

  async function verify(token: string): Promise<SessionClaims> {
    try {
      if (token.length > MAX_TOKEN_LENGTH) throw new AuthError('token_invalid', 'Session token rejected: too long');
      const { payload, protectedHeader } = await jwtVerify(token, keys.publicKey, {
        algorithms: [keys.alg],
        issuer,
        audience,
        typ: 'JWT',
        clockTolerance: skew,
        maxTokenAge: ttlSeconds,
        currentDate: new Date(now()),
        requiredClaims: REQUIRED_CLAIMS,
      });
      if (protectedHeader.kid !== keys.kid) {
        throw new AuthError('token_invalid', 'Session token rejected: signed by an unknown key');
      }
      const jti = nonEmptyString(payload.jti, 'jti');
      return {
        userId: nonEmptyString(payload.sub, 'sub'),
        name: nonEmptyString(payload.name, 'name'),
        jti,
        // Not required: tokens signed before session ids existed are each their own session.
        sessionId: payload.sid === undefined ? jti : nonEmptyString(payload.sid, 'sid'),
        // jose has checked both are numbers because they are required claims.
        issuedAt: new Date((payload.iat ?? 0) * 1000),
        expiresAt: new Date((payload.exp ?? 0) * 1000),
      };
    } catch (error) {
      throw toTokenError(error);
    }
  }

  async function refresh(token: string): Promise<IssuedToken> {
    const claims = await verify(token);
    return issue({ userId: claims.userId, name: claims.name }, { sessionId: claims.sessionId });
  }

  return { issue, verify, refresh };
}
