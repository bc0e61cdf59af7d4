import { closeCodes } from '@rpg-bot/sync-protocol';
import { describe, expect, it, vi } from 'vitest';
import { backoffDelay } from './backoff';
import type { Timers } from './backoff';
import { ReconnectingSocket } from './reconnecting-socket';

/** A stand-in for the browser WebSocket: the test opens and closes it by hand. */
class ScriptedSocket {
  static readonly all: ScriptedSocket[] = [];
  readonly url: string;
  readyState = 0;
  binaryType = 'blob';
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  onerror: (() => void) | null = null;
  readonly sent: unknown[] = [];

  constructor(url: string) {
    this.url = url;
    ScriptedSocket.all.push(this);
  }

  send(data: unknown): void {
    this.sent.push(data);
  }

  close(): void {
    this.readyState = 3;
  }

  serverOpens(): void {
    this.readyState = 1;
    this.onopen?.();
  }

  serverCloses(code: number): void {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

/** Timers the test fires by hand; records every requested delay. */
function manualTimers(): Timers & { readonly delays: number[]; fire(): void; pending(): number } {
  const queue: { callback: () => void; cancelled: boolean }[] = [];
  const delays: number[] = [];
  return {
    delays,
    schedule(callback, ms) {
      const entry = { callback, cancelled: false };
      queue.push(entry);
      delays.push(ms);
      return () => {
        entry.cancelled = true;
      };
    },
    fire() {
      for (const entry of queue.splice(0)) if (!entry.cancelled) entry.callback();
    },
    pending: () => queue.filter((entry) => !entry.cancelled).length,
  };
}

function setup(tokens: (string | null)[], options: { random?: number } = {}) {
  ScriptedSocket.all.length = 0;
  const timers = manualTimers();
  const onUnauthorized = vi.fn();
  const getToken = vi.fn(() => Promise.resolve(tokens.length > 1 ? (tokens.shift() ?? null) : (tokens[0] ?? null)));
  const opened = vi.fn();
  const socket = new ReconnectingSocket(
    {
      getToken,
      onUnauthorized,
      WebSocketImpl: ScriptedSocket as unknown as typeof WebSocket,
      timers,
      random: () => options.random ?? 0.5,
      backoff: { baseMs: 100, maxMs: 1000 },
    },
    { url: (token) => `ws://relay/x?token=${token}`, binary: true, opened, message: vi.fn(), closed: vi.fn(), phaseChanged: vi.fn() },
  );
  const latest = () => {
    const last = ScriptedSocket.all.at(-1);
    if (last === undefined) throw new Error('no socket yet');
    return last;
  };
  return { socket, timers, getToken, onUnauthorized, opened, latest };
}

const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('backoffDelay', () => {
  it('draws full jitter below an exponentially growing ceiling, above the close code floor', () => {
    const policy = { baseMs: 100, maxMs: 1000 };
    expect(backoffDelay(0, 0, () => 0, policy)).toBe(0);
    expect(backoffDelay(0, 0, () => 0.999, policy)).toBe(99);
    expect(backoffDelay(3, 0, () => 0.999, policy)).toBe(799);
    expect(backoffDelay(10, 0, () => 0.999, policy)).toBe(999);
    expect(backoffDelay(0, 10_000, () => 0, policy)).toBe(10_000);
  });
});

describe('ReconnectingSocket', () => {
  it('connects with a token and backs off with growing delays on transient closes', async () => {
    const { socket, timers, latest, opened } = setup(['t1'], { random: 0.999 });
    socket.start();
    await flush();
    expect(latest().url).toBe('ws://relay/x?token=t1');
    expect(latest().binaryType).toBe('arraybuffer');
    latest().serverOpens();
    expect(opened).toHaveBeenCalledTimes(1);
    expect(socket.phase()).toBe('open');
    latest().serverCloses(1006);
    // Online and about to retry: connecting, never "offline".
    expect(socket.phase()).toBe('connecting');
    timers.fire();
    await flush();
    latest().serverCloses(1006);
    timers.fire();
    await flush();
    latest().serverCloses(closeCodes.TryAgain.code);
    expect(timers.delays).toEqual([99, 199, closeCodes.TryAgain.minDelayMs + 399]);
    expect(ScriptedSocket.all).toHaveLength(3);
  });

  it('4401: fetches a fresh token and retries once, then reports unauthorized', async () => {
    const { socket, latest, getToken, onUnauthorized } = setup(['expired', 'fresh']);
    socket.start();
    await flush();
    latest().serverOpens();
    latest().serverCloses(closeCodes.Unauthorized.code);
    await flush();
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(latest().url).toContain('token=fresh');
    latest().serverOpens();
    latest().serverCloses(closeCodes.Unauthorized.code);
    await flush();
    expect(socket.phase()).toBe('unauthorized');
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    expect(ScriptedSocket.all).toHaveLength(2);
  });

  it('4401 after a healthy session gets its own fresh-token retry', async () => {
    const { socket, latest, onUnauthorized } = setup(['a', 'b', 'c']);
    socket.start();
    await flush();
    latest().serverOpens();
    latest().serverCloses(closeCodes.Unauthorized.code);
    await flush();
    latest().serverOpens();
    socket.healthy();
    latest().serverCloses(closeCodes.Unauthorized.code);
    await flush();
    expect(socket.phase()).toBe('connecting');
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('4403 stops for good as forbidden', async () => {
    const { socket, timers, latest } = setup(['t']);
    socket.start();
    await flush();
    latest().serverOpens();
    latest().serverCloses(closeCodes.Forbidden.code);
    expect(socket.phase()).toBe('forbidden');
    expect(timers.pending()).toBe(0);
  });

  it('4413 and 4429 back off (4429 at least its 10 s floor)', async () => {
    const { socket, timers, latest } = setup(['t'], { random: 0 });
    socket.start();
    await flush();
    latest().serverCloses(closeCodes.TooLarge.code);
    expect(socket.phase()).toBe('connecting');
    timers.fire();
    await flush();
    latest().serverCloses(closeCodes.RateLimited.code);
    expect(timers.delays).toEqual([0, closeCodes.RateLimited.minDelayMs]);
  });

  it('SYNC-LIMIT-5: 4507 (a slow consumer) reconnects with backoff, at least its floor', async () => {
    const { socket, timers, latest } = setup(['t'], { random: 0 });
    socket.start();
    await flush();
    latest().serverOpens();
    latest().serverCloses(closeCodes.SlowConsumer.code);
    expect(socket.phase()).toBe('connecting');
    expect(timers.delays).toEqual([closeCodes.SlowConsumer.minDelayMs]);
    timers.fire();
    await flush();
    expect(socket.phase()).toBe('connecting');
    expect(ScriptedSocket.all).toHaveLength(2);
  });

  it('a null token (signed out) leaves it unauthorized without a socket until setOnline(true)', async () => {
    const { socket, latest } = setup([null, 'after sign-in']);
    socket.start();
    await flush();
    expect(socket.phase()).toBe('unauthorized');
    expect(ScriptedSocket.all).toHaveLength(0);
    socket.setOnline(true);
    await flush();
    expect(latest().url).toContain('token=after sign-in');
  });

  it('setOnline(false) closes the socket and stops retrying until online again', async () => {
    const { socket, timers, latest } = setup(['t']);
    socket.start();
    await flush();
    latest().serverOpens();
    latest().serverCloses(1006);
    expect(timers.pending()).toBe(1);
    socket.setOnline(false);
    expect(timers.pending()).toBe(0);
    expect(socket.phase()).toBe('offline');
    timers.fire();
    await flush();
    expect(ScriptedSocket.all).toHaveLength(1);
    socket.setOnline(true);
    await flush();
    expect(ScriptedSocket.all).toHaveLength(2);
    latest().serverOpens();
    expect(socket.phase()).toBe('open');
    socket.setOnline(false);
    expect(latest().readyState).toBe(3);
  });
});
