import { generateKeyPairSync } from 'node:crypto';

/**
 * A fresh Ed25519 private key as PKCS#8 PEM, the format SESSION_SIGNING_KEY takes: every relay
 * of a scale-out deployment gets the same one so a token issued by one is accepted by the other.
 */
export function ed25519SigningKeyPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}
