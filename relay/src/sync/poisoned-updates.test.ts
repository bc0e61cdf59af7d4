// SYNC-UPDATE-5/6 over real sockets: the hostile updates found in review are refused, the doc
// stays loadable, and stock y-websocket providers keep syncing and reconnecting.
import { validators } from '@rpg-bot/contracts';
import type { Campaign } from '@rpg-bot/contracts';
import { capabilities, decodeServerMessage, defaultLimits, encodeHello, encodeUpdateWithRef } from '@rpg-bot/sync-protocol';
import type { ServerMessage } from '@rpg-bot/sync-protocol';
import * as encoding from 'lib0/encoding';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { bootRelay, testBackends } from '../testing/relay-test-stack';
import type { RelayUnderTest } from '../testing/relay-test-stack';

const MAX = Number.MAX_SAFE_INTEGER;

/** One update of `structs` for `client` from `clock`: a GC range of `gcLength`, then a string item under root `notes`. */
function forged(client: number, clock: number, options: { gcLength?: number; text?: string; deletes?: [number, number, number][] }): Uint8Array {
  const e = encoding.createEncoder();
  const structs = (options.gcLength === undefined ? 0 : 1) + (options.text === undefined ? 0 : 1);
  encoding.writeVarUint(e, structs === 0 ? 0 : 1);
  if (structs > 0) {
    encoding.writeVarUint(e, structs);
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, clock);
    if (options.gcLength !== undefined) {
      encoding.writeUint8(e, 0);
      encoding.writeVarUint(e, options.gcLength);
    }
    if (options.text !== undefined) {
      encoding.writeUint8(e, 4);
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, 'notes');
      encoding.writeVarString(e, options.text);
    }
  }
  const deletes = options.deletes ?? [];
  encoding.writeVarUint(e, deletes.length);
  for (const [c, k, l] of deletes) {
    encoding.writeVarUint(e, c);
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, k);
    encoding.writeVarUint(e, l);
  }
  return encoding.toUint8Array(e);
}

const eventually = (assertion: () => void | Promise<void>) => vi.waitFor(assertion, { timeout: 5000, interval: 10 });

describe.each(testBackends('relay/sync poisoned updates'))('hostile updates on $name', (backend) => {
  let relay: RelayUnderTest;
  let gm: { id: string; token: string };
  let player: { id: string; token: string };
  let campaign: Campaign;
  const providers: WebsocketProvider[] = [];
  const sockets: WebSocket[] = [];

  const signIn = async (name: string) => {
    const response = await relay.call('POST', '/v1/auth/dev', { body: { name } });
    const session = validators.session(response.json);
    if (!session.ok) throw new Error('no session');
    return { id: session.value.user.id, token: session.value.token };
  };
  const wsBase = () => `${relay.stack.url.replace('http', 'ws')}/v1/sync`;
  const provide = (token: string, docId: string) => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(wsBase(), docId, doc, { WebSocketPolyfill: WebSocket as never, params: { token }, disableBc: true });
    providers.push(provider);
    return { doc, provider };
  };
  const synced = (provider: WebsocketProvider) =>
    new Promise<void>((resolve) => {
      if (provider.synced) resolve();
      else provider.once('sync', () => { resolve(); });
    });
  /** An opted-in raw client: sends `update` with ref 1 and returns the relay's answer to it. */
  const sendWithRef = async (docId: string, update: Uint8Array): Promise<ServerMessage> => {
    const socket = new WebSocket(`${wsBase()}/${docId}?token=${encodeURIComponent(player.token)}`);
    sockets.push(socket);
    const received: ServerMessage[] = [];
    socket.on('message', (data: Buffer) => {
      const decoded = decodeServerMessage(new Uint8Array(data), defaultLimits);
      if (decoded.ok) received.push(decoded.message);
    });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    socket.send(encodeHello({ version: 1, capabilities: [capabilities.ack] }));
    socket.send(encodeUpdateWithRef(1, update));
    let answer: ServerMessage | undefined;
    await eventually(() => {
      answer = received.find((m) => m.type === 'ack' || m.type === 'rejected');
      expect(answer).toBeDefined();
    });
    expect(socket.readyState).toBe(WebSocket.OPEN);
    if (answer === undefined) throw new Error('no answer');
    return answer;
  };
  const rowCount = async (docId: string) =>
    Number((await relay.stack.db.query<{ n: string }>('SELECT count(*)::text AS n FROM sync_updates WHERE doc_id = $1', [docId])).rows[0]?.n ?? 0);

  beforeAll(async () => {
    relay = await bootRelay(backend, { AUTH_DEV_LOGIN: '1' });
    gm = await signIn('Gemma the GM');
    player = await signIn('Pip the player');
    const created = validators.campaign((await relay.call('POST', '/v1/campaigns', { token: gm.token, body: { title: 'Poison tests' } })).json);
    if (!created.ok) throw new Error('no campaign');
    campaign = created.value;
    const invite = validators.invite((await relay.call('POST', `/v1/campaigns/${campaign.id}/invites`, { token: gm.token, body: { role: 'player' } })).json);
    if (!invite.ok) throw new Error('no invite');
    const code = invite.value.code;
    expect((await relay.call('POST', `/v1/invites/${code}/accept`, { token: player.token })).status).toBe(200);
  });
  afterEach(() => {
    for (const provider of providers.splice(0)) provider.destroy();
    for (const socket of sockets.splice(0)) socket.terminate();
  });
  afterAll(async () => {
    await relay.close();
  });

  it('SYNC-UPDATE-5 a struct range past 2^53-1 is refused, and stock providers keep syncing and reconnecting', async () => {
    const docId = campaign.docs.shared;
    const writer = provide(gm.token, docId);
    await synced(writer.provider);
    writer.doc.getText('notes').insert(0, 'The bridge is out. ');
    await eventually(async () => { expect(await rowCount(docId)).toBeGreaterThan(0); });
    const rowsBefore = await rowCount(docId);

    // A GC run up to near 2^53, then a string item that ends past it: each number alone is in range.
    const overflow = forged(4242, 0, { gcLength: MAX - 3, text: 'poison' });
    expect(await sendWithRef(docId, overflow)).toMatchObject({ type: 'rejected', ref: 1, code: 'invalid_update' });
    // Two delete ranges that join into one longer than 2^53-1.
    expect(await sendWithRef(docId, forged(1, 0, { deletes: [[4343, 2 ** 52, 2 ** 52]] }))).toMatchObject({ type: 'rejected', code: 'invalid_update' });
    expect(await rowCount(docId)).toBe(rowsBefore);

    // A fresh stock provider syncs the whole doc; the writer reconnects and keeps editing.
    const joiner = provide(player.token, docId);
    await synced(joiner.provider);
    expect(joiner.doc.getText('notes').toJSON()).toBe('The bridge is out. ');
    writer.provider.disconnect();
    writer.provider.connect();
    await synced(writer.provider);
    writer.doc.getText('notes').insert(0, 'Still here. ');
    await eventually(() => { expect(joiner.doc.getText('notes').toJSON()).toBe('Still here. The bridge is out. '); });
  });

  it('SYNC-UPDATE-6 an item naming its own future as parent, or a missing dependency, is refused', async () => {
    const docId = campaign.docs.shared;
    // Found by the protocol fuzz: a string item whose parent is (1, 116), its own client's future.
    const orphan = Uint8Array.from(Buffer.from('01010100042a017418476f626c696e7320616d627573682074686520706172747900', 'hex'));
    expect(await sendWithRef(docId, orphan)).toMatchObject({ type: 'rejected', code: 'invalid_update' });
    // A client continuing at clock 50 of a client the doc has never seen.
    expect(await sendWithRef(docId, forged(777, 50, { text: 'gap' }))).toMatchObject({ type: 'rejected', code: 'invalid_update' });
    const joiner = provide(player.token, docId);
    await synced(joiner.provider);
    expect(joiner.doc.getText('notes').toJSON()).not.toContain('gap');
  });

  it('SYNC-ACK-9 an update that changes nothing is acked without being stored', async () => {
    const docId = campaign.docs.shared;
    const before = await rowCount(docId);
    // Deletes of nothing: an empty range, and a range of content nobody wrote.
    const answer = await sendWithRef(docId, forged(1, 0, { deletes: [[5151, 3, 0]] }));
    expect(answer).toMatchObject({ type: 'ack', ref: 1 });
    expect(await sendWithRef(docId, forged(1, 0, { deletes: [[5252, 0, 4]] }))).toMatchObject({ type: 'ack', ref: 1 });
    expect(await rowCount(docId)).toBe(before);
  });
});
