import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK } from 'jose';
import { AuthError } from '../auth-error';

/** The JWS algorithm of every session token: EdDSA over Ed25519. */
export const SESSION_TOKEN_ALG = 'EdDSA';

/** The public half of the signing key as a JWK, as published in a JWKS document. */
export interface PublicSigningJwk {
  readonly kty: 'OKP';
  readonly crv: 'Ed25519';
  readonly x: string;
  readonly kid: string;
  readonly alg: typeof SESSION_TOKEN_ALG;
  readonly use: 'sig';
}

/** A JWKS document (RFC 7517 §5). */
export interface PublicJwks {
  readonly keys: readonly PublicSigningJwk[];
}

/** The key pair that signs and verifies session tokens. */
export interface SigningKeys {
  /** RFC 7638 SHA-256 thumbprint of the public key; sent as the token header's `kid`. */
  readonly kid: string;
  readonly alg: typeof SESSION_TOKEN_ALG;
  /** Secret. Never log or serialise it. */
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** The public key as a JWKS document, for a `/.well-known/jwks.json`-style endpoint. */
  publicJwks(): PublicJwks;
}

async function fromPrivateKey(privateKey: KeyObject): Promise<SigningKeys> {
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new AuthError('signing_key_invalid', 'The session signing key is not an Ed25519 private key');
  }
  const publicKey = createPublicKey(privateKey);
  const { x } = await exportJWK(publicKey);
  if (x === undefined) throw new AuthError('signing_key_invalid', 'The session signing key has no public point');
  const kid = await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x }, 'sha256');
  const jwk: PublicSigningJwk = { kty: 'OKP', crv: 'Ed25519', x, kid, alg: SESSION_TOKEN_ALG, use: 'sig' };
  return {
    kid,
    alg: SESSION_TOKEN_ALG,
    privateKey,
    publicKey,
    publicJwks: () => ({ keys: [{ ...jwk }] }),
  };
}

/**
 * Builds signing keys from a PKCS#8 PEM Ed25519 private key.
 * @throws {AuthError} `signing_key_invalid` when the PEM is unreadable or not Ed25519 (the
 *   message never repeats the PEM).
 */
export async function signingKeysFromPem(privateKeyPem: string): Promise<SigningKeys> {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: privateKeyPem, format: 'pem' });
  } catch {
    throw new AuthError('signing_key_invalid', 'The session signing key is not a readable PEM private key');
  }
  return fromPrivateKey(privateKey);
}

/** Generates a fresh Ed25519 key pair in memory (tests, or one-off tools); nothing is written. */
export async function generateSigningKeys(): Promise<SigningKeys> {
  return fromPrivateKey(generateKeyPairSync('ed25519').privateKey);
}

/** The PKCS#8 PEM of a new Ed25519 private key, the format of the key file. */
export function generatePrivateKeyPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}
