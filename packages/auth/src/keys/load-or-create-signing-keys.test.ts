import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthError } from '../auth-error';
import type { AuthLogger } from '../ports';
import { loadOrCreateSigningKeys, SIGNING_KEY_FILE } from './load-or-create-signing-keys';
import { generatePrivateKeyPem, signingKeysFromPem } from './signing-keys';

interface LogLine {
  level: 'info' | 'warn';
  fields: Record<string, unknown>;
  message: string;
}

function captureLogger(): { logger: AuthLogger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    logger: {
      info: (fields, message) => lines.push({ level: 'info', fields, message }),
      warn: (fields, message) => lines.push({ level: 'warn', fields, message }),
    },
  };
}

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rpg-auth-keys-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const keyPath = () => join(dataDir, SIGNING_KEY_FILE);

describe('loadOrCreateSigningKeys', () => {
  it('generates the key on first start with private permissions', async () => {
    const { logger, lines } = captureLogger();
    const keys = await loadOrCreateSigningKeys({ dataDir, logger });
    expect((await stat(keyPath())).mode & 0o777).toBe(0o600);
    expect((await stat(join(dataDir, 'keys'))).mode & 0o777).toBe(0o700);
    expect((await signingKeysFromPem(await readFile(keyPath(), 'utf8'))).kid).toBe(keys.kid);
    expect(lines).toEqual([
      { level: 'info', fields: { kid: keys.kid, source: 'generated', path: keyPath() }, message: 'session signing key loaded' },
    ]);
  });

  it('reuses the stored key on restart without rewriting it', async () => {
    const first = await loadOrCreateSigningKeys({ dataDir });
    const before = await stat(keyPath());
    const { logger, lines } = captureLogger();
    const second = await loadOrCreateSigningKeys({ dataDir, logger });
    expect(second.kid).toBe(first.kid);
    expect((await stat(keyPath())).mtimeMs).toBe(before.mtimeMs);
    expect(lines[0]?.fields).toMatchObject({ source: 'file' });
  });

  it('gives every concurrent caller the same key and leaves no temporary files', async () => {
    const all = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateSigningKeys({ dataDir })));
    expect(new Set(all.map((keys) => keys.kid)).size).toBe(1);
    expect(await readdir(join(dataDir, 'keys'))).toEqual(['session-ed25519.pem']);
    expect((await loadOrCreateSigningKeys({ dataDir })).kid).toBe(all[0]?.kid);
  });

  it('creates a missing data directory', async () => {
    const nested = join(dataDir, 'does', 'not', 'exist');
    await loadOrCreateSigningKeys({ dataDir: nested });
    expect((await stat(join(nested, SIGNING_KEY_FILE))).isFile()).toBe(true);
  });

  it('tightens an existing keys directory to 0700', async () => {
    await mkdir(join(dataDir, 'keys'), { mode: 0o755 });
    await chmod(join(dataDir, 'keys'), 0o755);
    await loadOrCreateSigningKeys({ dataDir });
    expect((await stat(join(dataDir, 'keys'))).mode & 0o777).toBe(0o700);
  });

  it('uses a configured PEM and touches no file', async () => {
    const pem = generatePrivateKeyPem();
    const { logger, lines } = captureLogger();
    const keys = await loadOrCreateSigningKeys({ dataDir, privateKeyPem: pem, logger });
    expect(keys.kid).toBe((await signingKeysFromPem(pem)).kid);
    expect(await readdir(dataDir)).toEqual([]);
    expect(lines[0]?.fields).toEqual({ kid: keys.kid, source: 'config' });
  });

  it('rejects a bad configured PEM without echoing it', async () => {
    const error = await loadOrCreateSigningKeys({ dataDir, privateKeyPem: 'secret-but-not-a-key' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe('signing_key_invalid');
    expect((error as AuthError).message).not.toContain('secret-but-not-a-key');
  });

  it('names a corrupt key file but not its content', async () => {
    await mkdir(join(dataDir, 'keys'), { recursive: true });
    await writeFile(keyPath(), 'corrupted-content', { mode: 0o600 });
    const error = await loadOrCreateSigningKeys({ dataDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe('signing_key_invalid');
    expect((error as AuthError).message).toContain(keyPath());
    expect((error as AuthError).message).not.toContain('corrupted-content');
  });

  it('warns when the key file is readable by others, and still loads it', async () => {
    const first = await loadOrCreateSigningKeys({ dataDir });
    await chmod(keyPath(), 0o644);
    const { logger, lines } = captureLogger();
    const keys = await loadOrCreateSigningKeys({ dataDir, logger });
    expect(keys.kid).toBe(first.kid);
    expect(lines.filter((line) => line.level === 'warn')).toEqual([
      { level: 'warn', fields: { path: keyPath(), mode: '644' }, message: expect.stringContaining('chmod 600') as string },
    ]);
  });

  it('never logs key material', async () => {
    const { logger, lines } = captureLogger();
    await loadOrCreateSigningKeys({ dataDir, logger });
    await loadOrCreateSigningKeys({ dataDir, logger, privateKeyPem: generatePrivateKeyPem() });
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain('PRIVATE KEY');
    const pemBody = (await readFile(keyPath(), 'utf8')).split('\n')[1] ?? '';
    expect(pemBody.length).toBeGreaterThan(20);
    expect(logged).not.toContain(pemBody);
  });
});
