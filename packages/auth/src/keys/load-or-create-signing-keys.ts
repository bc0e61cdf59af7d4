import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AuthError, isAuthError } from '../auth-error';
import type { AuthLogger } from '../ports';
import { generatePrivateKeyPem, signingKeysFromPem } from './signing-keys';
import type { SigningKeys } from './signing-keys';

/** Options of {@link loadOrCreateSigningKeys}. */
export interface LoadOrCreateSigningKeysOptions {
  /** The service's data directory; the key lives in `${dataDir}/keys/session-ed25519.pem`. */
  readonly dataDir: string;
  /** A PKCS#8 PEM Ed25519 key from configuration; when set, no file is read or written. */
  readonly privateKeyPem?: string;
  readonly logger?: AuthLogger;
}

/** Where the generated key is kept, relative to the data directory. */
export const SIGNING_KEY_FILE = join('keys', 'session-ed25519.pem');

function errorCode(error: unknown): unknown {
  return error instanceof Error && 'code' in error ? error.code : undefined;
}

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Writes a new key to a private temporary file, then hard-links it into place. Unlike rename,
 * link fails when the target exists, so when two processes start at once exactly one key wins
 * and the loser reads the winner's key instead of silently replacing it.
 * @returns whether this call's key was published.
 */
async function publishNewKey(path: string, pem: string): Promise<boolean> {
  const temp = `${path}.${process.pid.toString()}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(pem, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp);
  }
}

async function warnIfReadableByOthers(path: string, logger: AuthLogger | undefined): Promise<void> {
  const { mode } = await stat(path);
  if ((mode & 0o077) !== 0) {
    logger?.warn(
      { path, mode: (mode & 0o777).toString(8) },
      'session signing key file is readable by other users; run chmod 600 on it',
    );
  }
}

/**
 * Returns the session signing keys: from `privateKeyPem` when configured, otherwise from the key
 * file under `dataDir`, which is generated on first start (file mode 0600 in a 0700 directory).
 * Safe to call from several processes at once: they all end up with the same key.
 *
 * @throws {AuthError} `signing_key_invalid` when the configured PEM or the key file is not an
 *   Ed25519 private key (the message names the file, never its content).
 */
export async function loadOrCreateSigningKeys(options: LoadOrCreateSigningKeysOptions): Promise<SigningKeys> {
  const { logger } = options;
  if (options.privateKeyPem !== undefined) {
    const keys = await signingKeysFromPem(options.privateKeyPem);
    logger?.info({ kid: keys.kid, source: 'config' }, 'session signing key loaded');
    return keys;
  }
  const dir = join(options.dataDir, 'keys');
  const path = join(options.dataDir, SIGNING_KEY_FILE);
  await mkdir(options.dataDir, { recursive: true });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // mkdir's mode is filtered by the umask and ignored for an existing directory.
  await chmod(dir, 0o700);

  let pem = await readIfPresent(path);
  let created = false;
  if (pem === undefined) {
    created = await publishNewKey(path, generatePrivateKeyPem());
    pem = await readFile(path, 'utf8');
  } else {
    await warnIfReadableByOthers(path, logger);
  }
  const keys = await signingKeysFromPem(pem).catch((error: unknown) => {
    throw isAuthError(error) ? new AuthError(error.code, `${error.message} (file ${path})`) : error;
  });
  logger?.info({ kid: keys.kid, source: created ? 'generated' : 'file', path }, 'session signing key loaded');
  return keys;
}
