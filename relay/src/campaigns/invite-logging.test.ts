// An invite code lets anyone join its campaign until it expires: like a token, it must appear in
// no log line of the relay — not the access log of accept or revoke, not the routes' own lines.
import { validators } from '@rpg-bot/contracts';
import { createLogCapture, createLogger } from '@rpg-bot/observability';
import { describe, expect, it } from 'vitest';
import { bootRelay, testBackends } from '../testing/relay-test-stack';
import type { ApiResponse } from '../testing/relay-test-stack';
import { relayModule } from '../relay-module';

function parsed<T>(validate: (input: unknown) => { ok: true; value: T } | { ok: false; issues: unknown }, response: ApiResponse): T {
  const result = validate(response.json);
  if (!result.ok) throw new Error(`unexpected body (${String(response.status)}): ${JSON.stringify(response.json)}`);
  return result.value;
}

// What is logged does not depend on the database: the embedded one is enough.
const [embedded] = testBackends('relay/invite logging');

describe.runIf(embedded !== undefined)('invite codes in the log', () => {
  it('never writes an invite code, on create, accept or revoke', async () => {
    if (embedded === undefined) throw new Error('no backend');
    const logs = createLogCapture();
    const relay = await bootRelay(embedded, { AUTH_DEV_LOGIN: '1', LOG_LEVEL: 'debug' }, relayModule, createLogger({ level: 'debug', destination: logs.destination }));
    try {
      const gm = parsed(validators.session, await relay.call('POST', '/v1/auth/dev', { body: { name: 'Gemma' } }));
      const player = parsed(validators.session, await relay.call('POST', '/v1/auth/dev', { body: { name: 'Pip' } }));
      const campaign = parsed(validators.campaign, await relay.call('POST', '/v1/campaigns', { token: gm.token, body: { title: 'Secret door' } }));
      const invite = parsed(validators.invite, await relay.call('POST', `/v1/campaigns/${campaign.id}/invites`, { token: gm.token, body: { role: 'player' } }));
      expect((await relay.call('POST', `/v1/invites/${invite.code}/accept`, { token: player.token })).status).toBe(200);
      expect((await relay.call('DELETE', `/v1/campaigns/${campaign.id}/invites/${invite.code}`, { token: gm.token })).status).toBe(204);
      expect((await relay.call('POST', `/v1/invites/${invite.code}/accept`, { token: player.token })).status).toBe(200);
      expect(logs.text()).toContain('/v1/invites/[REDACTED]/accept');
      expect(logs.text()).toContain(`/v1/campaigns/${campaign.id}/invites/[REDACTED]`);
      expect(logs.text()).not.toContain(invite.code);
    } finally {
      await relay.close();
    }
  });
});
