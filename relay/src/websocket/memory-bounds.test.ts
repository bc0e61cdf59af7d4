// Behaviour bounds, not timings: what a hostile or slow peer can make the relay hold in memory.
// RSS is measured in this process, where the relay runs (the clients' own buffers are reused).
import type { Socket } from 'node:net';
import { validators } from '@rpg-bot/contracts';
import type { Campaign } from '@rpg-bot/contracts';
import { capabilities, closeCodes, decodeServerMessage, defaultLimits, encodeHello, encodeSyncStep1, encodeUpdateWithRef } from '@rpg-bot/sync-protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { bootRelay, testBackends } from '../testing/relay-test-stack';
import type { RelayUnderTest } from '../testing/relay-test-stack';

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

/** One small client frame, masked with key 0 (binary 0x82 or text 0x81), to write straight to the TCP socket. */
function maskedFrame(payload: Uint8Array, first = 0x82): Buffer {
  if (payload.byteLength > 65_535) throw new RangeError('small frames only');
  const header = payload.byteLength < 126 ? Buffer.from([first, 0x80 | payload.byteLength, 0, 0, 0, 0]) : Buffer.from([first, 0x80 | 126, payload.byteLength >> 8, payload.byteLength & 0xff, 0, 0, 0, 0]);
  return Buffer.concat([header, payload]);
}

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

  /** A counter of /metrics, e.g. `relay_sync_rejected_total{reason="slow_consumer"}`. */
  const metric = async (series: string): Promise<number> => {
    const text = await (await fetch(new URL('/metrics', relay.stack.url))).text();
    const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
    return line === undefined ? 0 : Number(line.slice(series.length + 1));
  };

  /** Writes ~1 MiB of text into the doc (frames under the 64 KiB limit) and waits for every ack. */
  const fillDoc = async (docId: string) => {
    const { socket, closed } = await open(wsUrl(`/v1/sync/${docId}`));
    const acks: number[] = [];
    socket.on('message', (data: Buffer) => {
      const decoded = decodeServerMessage(new Uint8Array(data), defaultLimits);
      if (decoded.ok && decoded.message.type === 'ack') acks.push(decoded.message.ref);
    });
    socket.send(encodeHello({ version: 1, capabilities: [capabilities.ack] }));
    const doc = new Y.Doc();
    let sent = 0;
    doc.on('update', (update: Uint8Array) => {
      sent += 1;
      socket.send(encodeUpdateWithRef(sent, update));
    });
    for (let i = 0; i < 18; i += 1) doc.getText('notes').insert(0, `${String(i)}${'lorem ipsum '.repeat(5000)}`);
    await vi.waitFor(() => { expect(acks).toHaveLength(sent); }, { timeout: 20_000, interval: 20 });
    socket.close();
    await closed;
    return Y.encodeStateAsUpdate(doc).byteLength;
  };

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

  it('SYNC-LIMIT-5: a sync peer that never reads is closed with 4507 after ~4 MiB, not sent 600 copies of a 1 MiB state', async () => {
    const docId = campaign.docs.gm ?? '';
    const stateBytes = await fillDoc(docId);
    expect(stateBytes).toBeGreaterThan(MiB);
    // A state vector the relay's doc does not cover: each answer is a diff of the whole state.
    const stranger = new Y.Doc();
    stranger.clientID = 424_242;
    stranger.getText('x').insert(0, 'x');
    const step1 = encodeSyncStep1(Y.encodeStateVector(stranger));
    const slow = await open(wsUrl(`/v1/sync/${docId}`));
    tcpOf(slow.socket).pause();
    const before = process.memoryUsage().rss;
    const series = 'relay_sync_rejected_total{reason="slow_consumer"}';
    const closedBefore = await metric(series);
    const peak = await peakRss(async (sample) => {
      for (let i = 0; i < 600 && slow.socket.readyState === WebSocket.OPEN; i += 1) {
        slow.socket.send(step1);
        // One at a time, as a client would re-ask: each is answered before the next arrives.
        await new Promise((resolve) => setTimeout(resolve, 1));
        sample();
        if (i % 50 === 49 && (await metric(series)) > closedBefore) break;
      }
      await vi.waitFor(async () => { expect(await metric(series)).toBe(closedBefore + 1); }, { timeout: 10_000, interval: 20 });
    });
    // The bound: 4 MiB unsent beyond the largest frame, plus the frames in the kernel's buffers.
    expect(peak - before).toBeLessThan(100 * MiB);
    tcpOf(slow.socket).resume();
    expect(await slow.closed).toBe(closeCodes.SlowConsumer.code);
  });

  it('SYNC-LIMIT-5: a sync step 1 arriving while the previous answer is still queued shares it', async () => {
    const docId = campaign.docs.private;
    await fillDoc(docId);
    const client = await open(wsUrl(`/v1/sync/${docId}`));
    const answers: number[] = [];
    client.socket.on('message', (data: Buffer) => {
      const decoded = decodeServerMessage(new Uint8Array(data), defaultLimits);
      if (decoded.ok && decoded.message.type === 'sync-step2') answers.push(data.length);
    });
    const stranger = new Y.Doc();
    stranger.clientID = 515_151;
    stranger.getText('x').insert(0, 'x');
    const step1 = encodeSyncStep1(Y.encodeStateVector(stranger));
    const series = 'relay_sync_rejected_total{reason="step1_coalesced"}';
    const coalescedBefore = await metric(series);
    // In one TCP write: the relay reads them all before answering the first.
    tcpOf(client.socket).write(Buffer.concat(Array.from({ length: 200 }, () => maskedFrame(step1))));
    await vi.waitFor(async () => { expect(answers.length + (await metric(series)) - coalescedBefore).toBe(200); }, { timeout: 10_000, interval: 20 });
    expect(answers.length).toBeLessThan(200);
    client.socket.close();
    await client.closed;
  });

  it('SYNC-LIMIT-5: a party peer that never reads is closed with 4507', async () => {
    const slow = await open(wsUrl(`/v1/party/${campaign.id}`));
    tcpOf(slow.socket).pause();
    const before = process.memoryUsage().rss;
    const series = 'relay_party_rejected_total{reason="slow_consumer"}';
    const peak = await peakRss(async (sample) => {
      // Each is answered with a `rejected { id, malformed_frame }` that echoes its 60 KB id, with no database work.
      const frame = maskedFrame(Buffer.from(JSON.stringify({ type: 'publish', event: { id: 'x'.repeat(60_000) } })), 0x81);
      for (let round = 0; round < 200 && (await metric(series)) === 0; round += 1) {
        tcpOf(slow.socket).write(Buffer.concat(Array.from({ length: 20 }, () => frame)));
        await new Promise((resolve) => setTimeout(resolve, 5));
        sample();
      }
    });
    expect(await metric(series)).toBe(1);
    expect(peak - before).toBeLessThan(100 * MiB);
    tcpOf(slow.socket).resume();
    expect(await slow.closed).toBe(closeCodes.SlowConsumer.code);
  });
});
