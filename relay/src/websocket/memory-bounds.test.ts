// Behaviour bounds, not timings: what a hostile or slow peer can make the relay hold in memory.
// RSS is measured in this process, where the relay runs (the clients' own buffers are reused).
import type { Socket } from 'node:net';
import { validators } from '@rpg-bot/contracts';
import type { Campaign } from '@rpg-bot/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { bootRelay, testBackends } from '../auth/relay-test-stack';
import type { RelayUnderTest } from '../auth/relay-test-stack';

const MiB = 1024 * 1024;

/** The underlying TCP socket of a `ws` client (not part of ws's typed API). */
function tcpOf(socket: WebSocket): Socket {
  return (socket as unknown as { _socket: Socket })._socket;
}

function open(url: string): Promise<{ socket: WebSocket; closed: Promise<number> }> {
  const socket = new WebSocket(url);
  const closed = new Promise<number>((resolve) => socket.once('close', resolve));
  socket.on('error', () => undefined);
  return new Promise((resolve, reject) => {
    socket.once('open', () => { resolve({ socket, closed }); });
    socket.once('error', reject);
  });
}

/** Largest RSS seen while `work` runs (sampled every few ms and after each await inside it). */
async function peakRss(work: (sample: () => void) => Promise<void>): Promise<number> {
  let peak = process.memoryUsage().rss;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const timer = setInterval(sample, 5);
  try {
    await work(sample);
  } finally {
    clearInterval(timer);
    sample();
  }
  return peak;
}

const zeros = Buffer.alloc(MiB);

/**
 * Writes one masked binary frame of `length` bytes by hand (mask key 0, so the payload is sent as
 * is), in 1 MiB chunks of one reused buffer, until it is all written or the relay closed the socket.
 */
async function sendHugeFrame(socket: WebSocket, length: number, sample: () => void): Promise<void> {
  const tcp = tcpOf(socket);
  const header = Buffer.alloc(14);
  header[0] = 0x82;
  header[1] = 0x80 | 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  tcp.write(header);
  let written = 0;
  while (written < length && !tcp.destroyed && tcp.writable) {
    const chunk = zeros.subarray(0, Math.min(MiB, length - written));
    written += chunk.length;
    sample();
    if (!tcp.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          tcp.off('drain', done);
          tcp.off('close', done);
          resolve();
        };
        tcp.once('drain', done);
        tcp.once('close', done);
      });
    }
  }
}

describe.each(testBackends('relay/websocket-memory').slice(0, 1))('memory bounds of the relay sockets on $name', (backend) => {
  let relay: RelayUnderTest;
  let token: string;
  let campaign: Campaign;
  const wsUrl = (path: string) => `${relay.stack.url.replace('http', 'ws')}${path}?token=${encodeURIComponent(token)}`;

  beforeAll(async () => {
    relay = await bootRelay(backend, { AUTH_DEV_LOGIN: '1', SYNC_MAX_FRAME_BYTES: '65536' });
    const session = validators.session((await relay.call('POST', '/v1/auth/dev', { body: { name: 'Mallory' } })).json);
    if (!session.ok) throw new Error('no session');
    token = session.value.token;
    const created = validators.campaign((await relay.call('POST', '/v1/campaigns', { token, body: { title: 'Memory' } })).json);
    if (!created.ok) throw new Error('no campaign');
    campaign = created.value;
  });
  afterAll(async () => {
    await relay.close();
  });

  it('SYNC-LIMIT-4: 50 MiB frames on three sync and two party sockets at once are refused from their header (1009); RSS grows by less than one frame', async () => {
    const paths = [`/v1/sync/${campaign.docs.shared}`, `/v1/party/${campaign.id}`];
    // Warm up both routes (first-use allocations are not what is measured).
    for (const path of paths) {
      const warm = await open(wsUrl(path));
      warm.socket.close();
      await warm.closed;
    }
    const before = process.memoryUsage().rss;
    const codes: number[] = [];
    const peak = await peakRss(async (sample) => {
      const peers = await Promise.all([...paths, paths[0] ?? '', paths[1] ?? '', paths[0] ?? ''].map((path) => open(wsUrl(path))));
      await Promise.all(peers.map(async ({ socket, closed }) => {
        await sendHugeFrame(socket, 50 * MiB, sample);
        codes.push(await closed);
      }));
    });
    expect(codes).toEqual(Array.from({ length: 5 }, () => 1009));
    // Three frames held would be ≥ 150 MiB (ws buffers a whole message before handing it over).
    expect(peak - before).toBeLessThan(48 * MiB);
  });
});
