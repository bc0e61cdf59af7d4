import { createHmac, generateKeyPairSync } from 'node:crypto';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, SignJWT } from 'jose';
import type { JWTPayload } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuthError } from '../auth-error';
import type { AuthErrorCode } from '../auth-error';
import { generateSigningKeys } from '../keys/signing-keys';
import type { SigningKeys } from '../keys/signing-keys';
import { createTokenService } from './token-service';
import type { TokenServiceOptions } from './token-service';

const START = Date.UTC(2026, 10, 24, 12, 0, 0);
const TTL = 3600;
const subject = { userId: '5000000001', name: 'Ada Lovelace' };

let keys: SigningKeys;
let otherKeys: SigningKeys;
beforeAll(async () => {
  keys = await generateSigningKeys();
  otherKeys = await generateSigningKeys();
});

function setup(overrides: Partial<TokenServiceOptions> = {}) {
  const clock = { now: START };
  const service = createTokenService({
    keys,
    issuer: 'rpg-bot-relay',
    audience: 'rpg-bot',
    ttlSeconds: TTL,
    now: () => clock.now,
    ...overrides,
  });
  return { clock, service };
}

async function expectRejected(
  promise: Promise<unknown>,
  code: AuthErrorCode,
  token: string,
  reason?: RegExp,
): Promise<void> {
  const error: unknown = await promise.then(
    () => new Error('expected a rejection'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AuthError);
  expect((error as AuthError).code).toBe(code);
  if (reason !== undefined) expect((error as AuthError).message).toMatch(reason);
  if (token.length > 0) expect((error as AuthError).message).not.toContain(token);
  for (const part of token.split('.').filter((p) => p.length > 8)) {
    expect((error as AuthError).message).not.toContain(part);
  }
}

const seconds = (ms: number) => Math.floor(ms / 1000);

/** Signs arbitrary claims with our own private key, to test claim checks behind a valid signature. */
async function signClaims(claims: JWTPayload, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', kid: keys.kid, typ: 'JWT', ...header }).sign(keys.privateKey);
}

function validClaims(): JWTPayload {
  const iat = seconds(START);
  // No `sid`: the shape of tokens issued before session ids existed (they still verify).
  return { iss: 'rpg-bot-relay', aud: 'rpg-bot', sub: '1', name: 'Bo', jti: 'j-1', iat, nbf: iat, exp: iat + TTL };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('createTokenService: issue and verify', () => {
  it('issues an EdDSA JWT with every required claim and verifies it', async () => {
    const { service } = setup();
    const issued = await service.issue(subject);
    expect(issued.expiresAt).toEqual(new Date(START + TTL * 1000));
    expect(decodeProtectedHeader(issued.token)).toEqual({ alg: 'EdDSA', kid: keys.kid, typ: 'JWT' });
    expect(decodeJwt(issued.token)).toEqual({
      iss: 'rpg-bot-relay',
      aud: 'rpg-bot',
      sub: subject.userId,
      name: subject.name,
      jti: issued.jti,
      sid: issued.sessionId,
      iat: seconds(START),
      nbf: seconds(START),
      exp: seconds(START) + TTL,
    });
    await expect(service.verify(issued.token)).resolves.toEqual({
      ...subject,
      jti: issued.jti,
      sessionId: issued.sessionId,
      issuedAt: new Date(START),
      expiresAt: issued.expiresAt,
    });
  });

  it('gives every token its own jti, and every sign-in its own session id', async () => {
    const { service } = setup();
    const [a, b] = await Promise.all([service.issue(subject), service.issue(subject)]);
    expect(a.jti).not.toBe(b.jti);
    expect(a.sessionId).not.toBe(b.sessionId);
    expect(a.sessionId).not.toBe(a.jti);
  });

  it('continues a session when issued with its session id (a new jti, the same sid)', async () => {
    const { service } = setup();
    const first = await service.issue(subject);
    const next = await service.issue(subject, { sessionId: first.sessionId });
    expect(next.sessionId).toBe(first.sessionId);
    expect(next.jti).not.toBe(first.jti);
    await expect(service.verify(next.token)).resolves.toMatchObject({ sessionId: first.sessionId, jti: next.jti });
    await expect(service.issue(subject, { sessionId: '' })).rejects.toThrow(TypeError);
  });

  it('reads a token signed before session ids existed as its own session (sid = jti)', async () => {
    const { service } = setup();
    const token = await signClaims(validClaims());
    await expect(service.verify(token)).resolves.toMatchObject({ jti: 'j-1', sessionId: 'j-1' });
  });

  it('publishes a JWKS that verifies its tokens', async () => {
    const { service } = setup();
    const { token } = await service.issue(subject);
    const jwks = createLocalJWKSet({ keys: keys.publicJwks().keys.map((key) => ({ ...key })) });
    const { payload } = await jwtVerify(token, jwks, { currentDate: new Date(START) });
    expect(payload.sub).toBe(subject.userId);
  });

  it('refuses to issue for an empty subject', async () => {
    const { service } = setup();
    await expect(service.issue({ userId: '', name: 'x' })).rejects.toThrow(TypeError);
  });
});

describe('createTokenService: time', () => {
  it('accepts a token until just before exp plus the skew, then reports it expired', async () => {
    const { clock, service } = setup({ clockSkewSeconds: 10 });
    const { token } = await service.issue(subject);
    clock.now = START + (TTL + 9) * 1000 + 999;
    await expect(service.verify(token)).resolves.toBeDefined();
    clock.now = START + (TTL + 10) * 1000;
    await expectRejected(service.verify(token), 'token_expired', token);
  });

  it('rejects a token that is not valid yet beyond the skew (nbf)', async () => {
    const ahead = setup();
    ahead.clock.now = START + 31_000;
    const { token } = await ahead.service.issue(subject);
    const { service } = setup();
    await expectRejected(service.verify(token), 'token_invalid', token);
    const slightlyAhead = setup();
    slightlyAhead.clock.now = START + 30_000;
    await expect(service.verify((await slightlyAhead.service.issue(subject)).token)).resolves.toBeDefined();
  });

  it('uses a skew of 30 seconds by default and refuses more', () => {
    expect(() => setup({ clockSkewSeconds: 31 })).toThrow(RangeError);
    expect(() => setup({ clockSkewSeconds: -1 })).toThrow(RangeError);
    expect(() => setup({ ttlSeconds: 0 })).toThrow(RangeError);
    expect(() => setup({ ttlSeconds: 1.5 })).toThrow(RangeError);
    expect(() => setup({ issuer: '' })).toThrow(TypeError);
  });

  it('treats a token issued longer than the TTL ago as expired, whatever its exp says', async () => {
    // Happens after the TTL is shortened: old long-lived tokens stop working at once.
    const { service } = setup();
    const claims = { ...validClaims(), iat: seconds(START) - TTL - 60, exp: seconds(START) + 600 };
    const token = await signClaims(claims);
    await expectRejected(service.verify(token), 'token_expired', token);
  });
});

describe('createTokenService: forgeries and mismatches', () => {
  it('rejects a token signed by another key', async () => {
    const { service: other } = setup({ keys: otherKeys });
    const { token } = await other.issue(subject);
    const { service } = setup();
    await expectRejected(service.verify(token), 'token_invalid', token, /signature/);
    // Claiming our kid does not help the forger.
    const forged = await new SignJWT(validClaims())
      .setProtectedHeader({ alg: 'EdDSA', kid: keys.kid, typ: 'JWT' })
      .sign(otherKeys.privateKey);
    await expectRejected(service.verify(forged), 'token_invalid', forged, /signature/);
  });

  it('rejects a token for another issuer or audience', async () => {
    const { service } = setup();
    for (const [overrides, claim] of [[{ issuer: 'someone-else' }, /"iss"/], [{ audience: 'another-app' }, /"aud"/]] as const) {
      const { token } = await setup(overrides).service.issue(subject);
      await expectRejected(service.verify(token), 'token_invalid', token, claim);
    }
  });

  it('rejects a token signed by our key under another kid', async () => {
    const { service } = setup();
    const token = await signClaims(validClaims(), { kid: 'rotated-away' });
    await expectRejected(service.verify(token), 'token_invalid', token, /unknown key/);
  });

  it('rejects alg "none"', async () => {
    const { service } = setup();
    for (const alg of ['none', 'None', 'NONE']) {
      const token = `${b64({ alg, typ: 'JWT', kid: keys.kid })}.${b64(validClaims())}.`;
      await expectRejected(service.verify(token), 'token_invalid', token, /algorithm not allowed/);
    }
  });

  it('rejects HS256 tokens keyed with the public key (algorithm confusion)', async () => {
    const { service } = setup();
    const jwk = keys.publicJwks().keys[0]!;
    const publicKeyForms = [
      keys.publicKey.export({ type: 'spki', format: 'pem' }),
      keys.publicKey.export({ type: 'spki', format: 'der' }),
      Buffer.from(jwk.x, 'base64url'),
      Buffer.from(JSON.stringify(jwk)),
    ];
    for (const secret of publicKeyForms) {
      const signingInput = `${b64({ alg: 'HS256', typ: 'JWT', kid: keys.kid })}.${b64(validClaims())}`;
      const signature = createHmac('sha256', secret).update(signingInput).digest('base64url');
      const token = `${signingInput}.${signature}`;
      await expectRejected(service.verify(token), 'token_invalid', token, /algorithm not allowed/);
    }
  });

  it('rejects other asymmetric algorithms even when correctly signed', async () => {
    const { service } = setup();
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const token = await new SignJWT(validClaims()).setProtectedHeader({ alg: 'ES256', kid: keys.kid, typ: 'JWT' }).sign(privateKey);
    await expectRejected(service.verify(token), 'token_invalid', token, /algorithm not allowed/);
  });

  it('rejects a token whose payload was edited', async () => {
    const { service } = setup();
    const { token } = await service.issue(subject);
    const [header, , signature] = token.split('.');
    const edited = `${header ?? ''}.${b64({ ...decodeJwt(token), sub: '1' })}.${signature ?? ''}`;
    await expectRejected(service.verify(edited), 'token_invalid', edited, /signature/);
  });

  it('rejects malformed input', async () => {
    const { service } = setup();
    for (const token of ['', 'abc', 'a.b.c', '...', `${'a'.repeat(5000)}.b.c`]) {
      await expectRejected(service.verify(token), 'token_invalid', token);
    }
  });

  it('rejects a wrong typ header', async () => {
    const { service } = setup();
    const token = await signClaims(validClaims(), { typ: 'at+jwt' });
    await expectRejected(service.verify(token), 'token_invalid', token, /"typ"/);
  });
});

describe('createTokenService: required claims', () => {
  const required = ['iss', 'aud', 'sub', 'exp', 'nbf', 'iat', 'jti', 'name'] as const;
  it.each(required)('rejects a validly signed token without "%s"', async (claim) => {
    const { service } = setup();
    const { [claim]: _dropped, ...rest } = validClaims();
    const token = await signClaims(rest);
    await expectRejected(service.verify(token), 'token_invalid', token, new RegExp(`"${claim}"`));
  });

  it.each([
    ['sub', ''],
    ['name', 42],
    ['name', ''],
    ['jti', ''],
    ['sid', ''],
    ['sid', 7],
  ] as const)('rejects a validly signed token whose "%s" is %j', async (claim, value) => {
    const { service } = setup();
    const token = await signClaims({ ...validClaims(), [claim]: value });
    await expectRejected(service.verify(token), 'token_invalid', token, new RegExp(`"${claim}"`));
  });
});

describe('createTokenService: refresh', () => {
  it('exchanges a valid token for a new one with a new jti and expiry', async () => {
    const { clock, service } = setup();
    const first = await service.issue(subject);
    clock.now = START + 1800_000;
    const second = await service.refresh(first.token);
    expect(second.jti).not.toBe(first.jti);
    expect(second.sessionId).toBe(first.sessionId);
    expect(second.expiresAt).toEqual(new Date(START + 1800_000 + TTL * 1000));
    await expect(service.verify(second.token)).resolves.toMatchObject({ ...subject, jti: second.jti, sessionId: first.sessionId });
  });

  it('refuses expired and invalid tokens', async () => {
    const { clock, service } = setup();
    const { token } = await service.issue(subject);
    clock.now = START + (TTL + 31) * 1000;
    await expectRejected(service.refresh(token), 'token_expired', token);
    await expectRejected(service.refresh('abc'), 'token_invalid', 'abc');
  });
});
