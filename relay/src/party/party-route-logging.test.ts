// The token travels in the query string (browsers cannot set WebSocket headers): it must appear
// in no log line, neither the access log nor the party route's own lines.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@rpg-bot/config';
import { validators } from '@rpg-bot/contracts';
import { createLogCapture, createLogger } from '@rpg-bot/observability';
import { bootStack } from '@rpg-bot/runtime';
import { closeCodes } from '@rpg-bot/sync-protocol';
import { describe, expect, it } from 'vitest';
import { relayModule } from '../relay-module';
import { partyClient } from './party-test-client';

describe('party route logging', () => {
  it('never writes the ?token= of a party connection to the log, accepted or refused', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'rpgbot-party-log-'));
    const logs = createLogCapture();
    const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'debug', RATE_LIMIT_ENABLED: '0', AUTH_DEV_LOGIN: '1' });
    const stack = await bootStack({ config, modules: [relayModule], version: 'test', logger: createLogger({ level: 'debug', destination: logs.destination }) });
    try {
      const post = async (path: string, body: unknown, token?: string) => {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (token !== undefined) headers.authorization = `Bearer ${token}`;
        const response = await fetch(`${stack.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
        const json: unknown = await response.json();
        return json;
      };
      const session = validators.session(await post('/v1/auth/dev', { name: 'Lou' }));
      if (!session.ok) throw new Error('sign-in failed');
      const { token } = session.value;
      const campaign = validators.campaign(await post('/v1/campaigns', { title: 'Logs' }, token));
      if (!campaign.ok) throw new Error('campaign failed');
      const base = `${stack.url.replace('http', 'ws')}/v1/party`;
      const mine = await partyClient(`${base}/${campaign.value.id}?token=${token}&since=0`);
      await mine.next('ready');
      mine.publish({ specversion: '1.0', id: randomUUID(), type: 'dev.rpgbot.party.chat-message.v1', data: { text: 'logged?' } });
      await mine.next('ack');
      mine.socket.close();
      await mine.closed;
      const refused = await partyClient(`${base}/${randomUUID()}?token=${token}`);
      expect(await refused.closed).toBe(closeCodes.Forbidden.code);
      const forged = await partyClient(`${base}/${campaign.value.id}?token=${token}x`);
      expect(await forged.closed).toBe(closeCodes.Unauthorized.code);
      expect(logs.text()).toContain('party connection refused');
      expect(logs.text()).toContain('/v1/party/');
      expect(logs.text()).not.toContain(token.slice(0, 40));
    } finally {
      await stack.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
