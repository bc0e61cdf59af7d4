import { describe, expect, it } from 'vitest';
import { probeServer, statusText } from './server-status';
import type { FetchLike } from './server-status';

const answering =
  (ok: boolean, body: unknown): FetchLike =>
  () =>
    Promise.resolve({ ok, json: () => Promise.resolve(body) });

describe('probeServer', () => {
  it('is reachable when /healthz answers 200 with status ok', async () => {
    const requested: string[] = [];
    const fetch: FetchLike = (input, init) => {
      requested.push(input);
      expect(init.cache).toBe('no-store');
      return answering(true, { status: 'ok' })(input, init);
    };
    await expect(probeServer({ fetch })).resolves.toBe(true);
    expect(requested).toEqual(['/healthz']);
  });

  it('is not reachable on an error status', async () => {
    await expect(probeServer({ fetch: answering(false, { status: 'ok' }) })).resolves.toBe(false);
  });

  it('is not reachable when a 200 body is not our health answer (captive portal, proxy page)', async () => {
    await expect(probeServer({ fetch: answering(true, '<html>') })).resolves.toBe(false);
    await expect(probeServer({ fetch: answering(true, { status: 'down' }) })).resolves.toBe(false);
    const notJson: FetchLike = () => Promise.resolve({ ok: true, json: () => Promise.reject(new SyntaxError('bad json')) });
    await expect(probeServer({ fetch: notJson })).resolves.toBe(false);
  });

  it('is not reachable when the network fails', async () => {
    const failing: FetchLike = () => Promise.reject(new TypeError('Failed to fetch'));
    await expect(probeServer({ fetch: failing })).resolves.toBe(false);
  });

  it('gives up after the timeout instead of hanging', async () => {
    const hanging: FetchLike = (_input, init) =>
      new Promise((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => {
          reject(new DOMException('aborted', 'AbortError'));
        });
      });
    await expect(probeServer({ fetch: hanging, timeoutMs: 20 })).resolves.toBe(false);
  });

  it('stops when the caller aborts', async () => {
    const caller = new AbortController();
    const hanging: FetchLike = (_input, init) =>
      new Promise((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => {
          reject(new DOMException('aborted', 'AbortError'));
        });
      });
    const result = probeServer({ fetch: hanging, signal: caller.signal, timeoutMs: 60_000 });
    caller.abort();
    await expect(result).resolves.toBe(false);
  });
});

describe('statusText', () => {
  it('tells the user their data stays local when offline', () => {
    expect(statusText.offline).toBe('Offline — your campaigns stay on this device');
    expect(statusText.reachable).toBe('Server reachable');
  });
});
