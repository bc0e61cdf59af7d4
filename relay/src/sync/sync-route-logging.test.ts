// The token travels in the query string (browsers cannot set WebSocket headers): it must appear
// in no log line, neither the access log nor the sync route's own lines.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@rpg-bot/config';
import { validators } from '@rpg-bot/contracts';
import { createLogCapture, createLogger } from '@rpg-bot/observability';
import { bootStack } from '@rpg-bot/runtime';
import { closeCodes } from '@rpg-bot/sync-protocol';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { relayModule } from '../relay-module';

function closeCodeOf(url: string): Promise<number> {
  const socket = new WebSocket(url);
  return new Promise((resolve) => socket.once('close', resolve));
}

describe('sync route logging', () => {
  it('SYNC-CLOSE-3: never writes the ?token= of a sync connection to the log, accepted or refused', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'rpgbot-sync-log-'));
    const logs = createLogCapture();
    const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'debug', RATE_LIMIT_ENABLED: '0', AUTH_DEV_LOGIN: '1' });
    const stack = await bootStack({ config, modules: [relayModule], version: 'test', logger: createLogger({ level: 'debug', destination: logs.destination }) });
    try {
      const signIn = await fetch(`${stack.url}/v1/auth/dev`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Lou' }) });
      const session = validators.session(await signIn.json());
      if (!session.ok) throw new Error('sign-in failed');
      const { token } = session.value;
      const base = `${stack.url.replace('http', 'ws')}/v1/sync`;
      expect(await closeCodeOf(`${base}/not-my-doc?token=${token}`)).toBe(closeCodes.Forbidden.code);
      expect(await closeCodeOf(`${base}/not-my-doc?token=${token}x`)).toBe(closeCodes.Unauthorized.code);
      expect(logs.text()).toContain('sync connection refused');
      expect(logs.text()).toContain('/v1/sync/not-my-doc');
      expect(logs.text()).not.toContain(token.slice(0, 40));
    } finally {
      await stack.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
