import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AuthError } from '../auth-error';
import { generatePrivateKeyPem, generateSigningKeys, signingKeysFromPem } from './signing-keys';

describe('signing keys', () => {
  it('uses the RFC 7638 SHA-256 thumbprint as kid', async () => {
    const keys = await generateSigningKeys();
    const [jwk] = keys.publicJwks().keys;
    expect(jwk).toBeDefined();
    // RFC 7638 §3.2: the required members in lexicographic order, no whitespace.
    const canonical = `{"crv":"Ed25519","kty":"OKP","x":"${jwk?.x ?? ''}"}`;
    expect(keys.kid).toBe(createHash('sha256').update(canonical).digest('base64url'));
    expect(jwk).toEqual({ kty: 'OKP', crv: 'Ed25519', x: jwk?.x, kid: keys.kid, alg: 'EdDSA', use: 'sig' });
  });

  it('publishes only public material', async () => {
    const keys = await generateSigningKeys();
    const json = JSON.stringify(keys.publicJwks());
    expect(json).not.toContain('"d"');
    expect(keys.publicKey.type).toBe('public');
  });

  it('reads a PKCS#8 PEM and gives the same kid for the same key', async () => {
    const pem = generatePrivateKeyPem();
    const [a, b] = await Promise.all([signingKeysFromPem(pem), signingKeysFromPem(pem)]);
    expect(a.kid).toBe(b.kid);
    expect(a.privateKey.asymmetricKeyType).toBe('ed25519');
  });

  it('rejects unreadable PEMs and other key types without echoing them', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    for (const pem of ['not a key', rsa, generatePrivateKeyPem().replace(/[A-Za-z]{8}\n/, 'AAAAAAAA\n').slice(0, 60)]) {
      const error = await signingKeysFromPem(pem).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthError);
      expect((error as AuthError).code).toBe('signing_key_invalid');
      expect((error as AuthError).message).not.toContain(pem.slice(0, 40));
    }
  });
});
