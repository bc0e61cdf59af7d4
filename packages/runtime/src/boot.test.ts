// /metrics as an operator configures it (METRICS_TOKEN, METRICS_PORT), on a booted stack over real ports.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@rpg-bot/config';
import { afterEach, describe, expect, it } from 'vitest';
import { bootStack } from './boot';
import type { RunningStack } from './boot';

const TOKEN = 'bWV0cmljcy10b2tlbi1mb3ItdGVzdHM';

describe('bootStack: where /metrics is', () => {
  let stack: RunningStack | undefined;
  let dataDir = '';
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
    await rm(dataDir, { recursive: true, force: true });
  });

  const boot = async (env: Record<string, string>) => {
    dataDir = await mkdtemp(join(tmpdir(), 'rpgbot-boot-'));
    stack = await bootStack({ config: loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env }), modules: [], version: 'test' });
    return stack;
  };

  it('serves /metrics on PORT, guarded by METRICS_TOKEN', async () => {
    const { url, metricsUrl } = await boot({ METRICS_TOKEN: TOKEN });
    expect(metricsUrl).toBeUndefined();
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
    expect((await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });

  it('serves /metrics on METRICS_PORT only, on HOST, and closes that port too', async () => {
    const { url, metricsUrl } = await boot({ METRICS_PORT: '0' });
    if (metricsUrl === undefined) throw new Error('no metrics port');
    expect(new URL(metricsUrl).hostname).toBe('127.0.0.1');
    expect(metricsUrl).not.toBe(url);
    expect((await fetch(`${url}/metrics`)).status).toBe(404);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const scraped = await fetch(`${metricsUrl}/metrics`);
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('http_requests_total{method="GET",route="/healthz",status="200"} 1');
    await stack?.close();
    stack = undefined;
    await expect(fetch(`${metricsUrl}/metrics`)).rejects.toThrow();
  });

  it('applies METRICS_TOKEN on METRICS_PORT as well', async () => {
    const { metricsUrl } = await boot({ METRICS_PORT: '0', METRICS_TOKEN: TOKEN });
    expect((await fetch(`${metricsUrl ?? ''}/metrics`)).status).toBe(401);
    expect((await fetch(`${metricsUrl ?? ''}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });
});
