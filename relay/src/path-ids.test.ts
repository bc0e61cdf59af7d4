import { randomUUID } from 'node:crypto';
import { createHttpApp } from '@rpg-bot/http';
import { createLogger, createMetrics } from '@rpg-bot/observability';
import { describe, expect, it } from 'vitest';
import { validPathIds } from './path-ids';

function app() {
  const http = createHttpApp({
    config: { bodyLimitBytes: 1024, corsOrigins: [], rateLimitEnabled: false, rateLimitPerSecond: 1, rateLimitBurst: 1, trustProxy: false },
    logger: createLogger({ level: 'silent' }),
    metrics: createMetrics(),
    readiness: () => Promise.reject(new Error('not used')),
  });
  http.get('/c/:campaignId/i/:code', validPathIds, (c) => c.text('ok'));
  http.get('/d/:docId/at/:seq', validPathIds, (c) => c.text('ok'));
  http.get('/c/:campaignId/m/:userId', validPathIds, (c) => c.text('ok'));
  return http;
}

describe('validPathIds', () => {
  it('lets ids with their format through, and parameters it does not know', async () => {
    const http = app();
    const id = randomUUID();
    for (const path of [`/c/${id}/i/${'a'.repeat(21)}_`, `/d/${id.toUpperCase()}/at/not-checked-here`, `/c/${id}/m/5000000001`, `/c/${id}/m/dev%3A${id}`]) {
      expect({ path, status: (await http.request(path)).status }).toEqual({ path, status: 200 });
    }
  });

  it('answers 400 bad_request naming the first malformed parameter', async () => {
    const http = app();
    const id = randomUUID();
    const cases: [string, string][] = [
      ['/c/nope/i/aaaaaaaaaaaaaaaaaaaaaa', 'campaignId'],
      [`/c/${id}/i/${'a'.repeat(21)}`, 'code'],
      [`/c/${id}/i/${'a'.repeat(21)}=`, 'code'],
      ['/d/1/at/1', 'docId'],
      [`/c/${id}/m/0`, 'userId'],
      [`/c/${id}/m/dev%3Anope`, 'userId'],
      [`/c/${id}/m/${encodeURIComponent(' 1')}`, 'userId'],
    ];
    for (const [path, parameter] of cases) {
      const res = await http.request(path);
      expect({ path, status: res.status, body: await res.json() }).toMatchObject({ path, status: 400, body: { error: { code: 'bad_request', details: { parameter } } } });
    }
  });
});
