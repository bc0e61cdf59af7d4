// SYNC-FRAG-1…5 over real sockets: an update far longer than SYNC_MAX_FRAME_BYTES reaches the doc
// in fragments, durable before its ack; one past SYNC_MAX_DOC_BYTES is refused on its first
// fragment; stock y-websocket clients still read the result.
import { validators } from '@rpg-bot/contracts';
import type { Campaign } from '@rpg-bot/contracts';
import {
  capabilities,
  closeCodes,
  decodeServerMessage,
  encodeHello,
  encodeUpdateFragment,
  encodeUpdateWithRef,
  fragmentUpdate,
  PROTOCOL_VERSION,
} from '@rpg-bot/sync-protocol';
import type { ServerMessage } from '@rpg-bot/sync-protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { bootRelay, testBackends } from '../testing/relay-test-stack';
import type { RelayUnderTest } from '../testing/relay-test-stack';

const MiB = 1024 * 1024;
const FRAME_LIMIT = 256 * 1024;
const DOC_LIMIT = 8 * MiB;
const CHUNK = 200 * 1024;

const eventually = (assertion: () => void | Promise<void>) => vi.waitFor(assertion, { timeout: 20_000, interval: 20 });

/** A Yjs update inserting about `bytes` of text into `notes`, as one paste would. */
function paste(bytes: number, clientId: number): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  doc.getText('notes').insert(0, 'The dragon sleeps under the mountain. '.repeat(Math.ceil(bytes / 38)).slice(0, bytes));
  return Y.encodeStateAsUpdate(doc);
}

describe.each(testBackends('relay/sync fragmented updates'))('fragmented updates on $name', (backend) => {
  let relay: RelayUnderTest;
  let gm: { token: string };
  let viewer: { token: string };
  let campaign: Campaign;
  const sockets: WebSocket[] = [];
  const providers: WebsocketProvider[] = [];

  const signIn = async (name: string) => {
    const session = validators.session((await relay.call('POST', '/v1/auth/dev', { body: { name } })).json);
    if (!session.ok) throw new Error('no session');
    return { token: session.value.token };
  };
  const wsBase = () => `${relay.stack.url.replace('http', 'ws')}/v1/sync`;

  /** An opted-in raw client asking for ack/1 and frag/1; collects what the relay sends and how it closes. */
  const connect = async (token: string, docId: string) => {
    const socket = new WebSocket(`${wsBase()}/${docId}?token=${encodeURIComponent(token)}`);
    sockets.push(socket);
    const received: ServerMessage[] = [];
    const closed = new Promise<number>((resolve) => socket.once('close', resolve));
    socket.on('message', (data: Buffer) => {
      const decoded = decodeServerMessage(new Uint8Array(data), { maxFrameBytes: 64 * MiB });
      if (decoded.ok) received.push(decoded.message);
    });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    socket.send(encodeHello({ version: PROTOCOL_VERSION, capabilities: [capabilities.ack, capabilities.frag] }));
    await eventually(() => { expect(received.some((m) => m.type === 'limits')).toBe(true); });
    const answer = async (ref: number) => {
      await eventually(() => { expect(received.find((m) => (m.type === 'ack' || m.type === 'rejected') && m.ref === ref)).toBeDefined(); });
      return received.find((m) => (m.type === 'ack' || m.type === 'rejected') && m.ref === ref);
    };
    return { socket, received, closed, answer };
  };
  const storedBytes = async (docId: string) =>
    Number((await relay.stack.db.query<{ n: string }>('SELECT stored_bytes::text AS n FROM sync_docs WHERE doc_id = $1', [docId])).rows[0]?.n ?? 0);

  beforeAll(async () => {
    relay = await bootRelay(backend, { AUTH_DEV_LOGIN: '1', SYNC_MAX_FRAME_BYTES: String(FRAME_LIMIT), SYNC_MAX_DOC_BYTES: String(DOC_LIMIT) });
    gm = await signIn('Gemma the GM');
    viewer = await signIn('Vic the viewer');
    const created = validators.campaign((await relay.call('POST', '/v1/campaigns', { token: gm.token, body: { title: 'Fragments' } })).json);
    if (!created.ok) throw new Error('no campaign');
    campaign = created.value;
    const invite = validators.invite((await relay.call('POST', `/v1/campaigns/${campaign.id}/invites`, { token: gm.token, body: { role: 'viewer' } })).json);
    if (!invite.ok) throw new Error('no invite');
    expect((await relay.call('POST', `/v1/invites/${invite.value.code}/accept`, { token: viewer.token })).status).toBe(200);
  });
  afterEach(() => {
    for (const provider of providers.splice(0)) provider.destroy();
    for (const socket of sockets.splice(0)) socket.terminate();
  });
  afterAll(async () => {
    await relay.close();
  });

  it('SYNC-FRAG-1 welcome grants frag/1 with ack/1 and is followed by the limits', async () => {
    const client = await connect(gm.token, campaign.docs.shared);
    const welcome = client.received.find((m) => m.type === 'welcome');
    expect(welcome).toEqual({ type: 'welcome', version: PROTOCOL_VERSION, capabilities: [capabilities.ack, capabilities.frag] });
    expect(client.received.find((m) => m.type === 'limits')).toEqual({ type: 'limits', maxFrameBytes: FRAME_LIMIT, maxDocBytes: DOC_LIMIT });
  });

  it('SYNC-FRAG-3 a 3 MB paste (12× the frame limit) is stored before its ack and a stock provider joining later reads it', async () => {
    const docId = campaign.docs.shared;
    const update = paste(3 * MiB, 1001);
    const client = await connect(gm.token, docId);
    for (const frame of fragmentUpdate(1, update, CHUNK)) client.socket.send(frame);
    const answer = await client.answer(1);
    expect(answer).toMatchObject({ type: 'ack', ref: 1 });
    // Durable before the ack (SYNC-ACK-1): the rows hold it now.
    expect(await storedBytes(docId)).toBeGreaterThanOrEqual(3 * MiB);
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(wsBase(), docId, doc, { WebSocketPolyfill: WebSocket as never, params: { token: gm.token }, disableBc: true });
    providers.push(provider);
    await eventually(() => { expect(doc.getText('notes').length).toBe(3 * MiB); });
    // The connection still works for ordinary updates afterwards.
    const small = paste(10, 1002);
    client.socket.send(encodeUpdateWithRef(2, small));
    expect(await client.answer(2)).toMatchObject({ type: 'ack' });
    await eventually(() => { expect(doc.getText('notes').length).toBe(3 * MiB + 10); });
  });

  it('SYNC-FRAG-4 an update past the doc limit is refused on its first fragment; later edits on the same socket are stored', async () => {
    const docId = campaign.docs.gm ?? '';
    const client = await connect(gm.token, docId);
    // Only the first fragment goes out: the refusal must not wait for the rest.
    client.socket.send(encodeUpdateFragment({ ref: 1, totalBytes: 20 * MiB, offset: 0, chunk: new Uint8Array(CHUNK) }));
    expect(await client.answer(1)).toMatchObject({ type: 'rejected', ref: 1, code: 'doc_too_large' });
    const next = paste(1000, 2001);
    client.socket.send(encodeUpdateWithRef(2, next));
    expect(await client.answer(2)).toMatchObject({ type: 'ack' });
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('SYNC-FRAG-4 an update that fits in fragments but not in what the doc still has room for is refused whole; nothing of it is stored', async () => {
    const docId = campaign.docs.private;
    const client = await connect(gm.token, docId);
    for (const frame of fragmentUpdate(1, paste(5 * MiB, 3001), CHUNK)) client.socket.send(frame);
    expect(await client.answer(1)).toMatchObject({ type: 'ack' });
    const before = await storedBytes(docId);
    for (const frame of fragmentUpdate(2, paste(4 * MiB, 3002), CHUNK)) client.socket.send(frame);
    expect(await client.answer(2)).toMatchObject({ type: 'rejected', code: 'doc_too_large' });
    expect(await storedBytes(docId)).toBe(before);
  });

  it('SYNC-FRAG-4 a viewer is refused read_only on the first fragment', async () => {
    const client = await connect(viewer.token, campaign.docs.shared);
    client.socket.send(encodeUpdateFragment({ ref: 7, totalBytes: MiB, offset: 0, chunk: new Uint8Array(CHUNK) }));
    expect(await client.answer(7)).toMatchObject({ type: 'rejected', ref: 7, code: 'read_only' });
  });

  it('SYNC-FRAG-2 an update-with-ref in the middle of a fragmented update, or a fragment out of order, closes with BadMessage', async () => {
    const first = await connect(gm.token, campaign.docs.shared);
    const frames = fragmentUpdate(1, paste(MiB, 4001), CHUNK);
    first.socket.send(frames[0] ?? new Uint8Array());
    first.socket.send(encodeUpdateWithRef(2, paste(5, 4002)));
    expect(await first.closed).toBe(closeCodes.BadMessage.code);
    const second = await connect(gm.token, campaign.docs.shared);
    second.socket.send(frames[0] ?? new Uint8Array());
    second.socket.send(frames[2] ?? new Uint8Array());
    expect(await second.closed).toBe(closeCodes.BadMessage.code);
  });

  it('SYNC-FRAG-2 fragments without a granted frag/1 close with BadMessage', async () => {
    const socket = new WebSocket(`${wsBase()}/${campaign.docs.shared}?token=${encodeURIComponent(gm.token)}`);
    sockets.push(socket);
    const closed = new Promise<number>((resolve) => socket.once('close', resolve));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(encodeHello({ version: 1, capabilities: [capabilities.ack, capabilities.frag] }));
    socket.send(encodeUpdateFragment({ ref: 1, totalBytes: 10, offset: 0, chunk: new Uint8Array(5) }));
    expect(await closed).toBe(closeCodes.BadMessage.code);
  });
});
