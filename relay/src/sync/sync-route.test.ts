import { validators } from '@rpg-bot/contracts';
import type { Campaign, Invite } from '@rpg-bot/contracts';
import { closeCodes, decodeServerMessage, defaultLimits, encodeHello, encodeSyncStep1, encodeSyncUpdate, encodeUpdateWithRef, capabilities } from '@rpg-bot/sync-protocol';
import type { ServerMessage } from '@rpg-bot/sync-protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { bootRelay, testBackends } from '../testing/relay-test-stack';
import type { ApiResponse, RelayUnderTest } from '../testing/relay-test-stack';

function parsed<T>(validate: (input: unknown) => { ok: true; value: T } | { ok: false; issues: unknown }, response: ApiResponse): T {
  const result = validate(response.json);
  if (!result.ok) throw new Error(`unexpected body (${response.status}): ${JSON.stringify(response.json)}`);
  return result.value;
}

/** A hand-driven socket: every frame it receives, decoded, and how it closed. */
interface RawClient {
  readonly socket: WebSocket;
  readonly received: ServerMessage[];
  readonly receivedBytes: () => number;
  readonly closed: Promise<number>;
  next(type: ServerMessage['type']): Promise<ServerMessage>;
}

function rawClient(url: string): Promise<RawClient> {
  const socket = new WebSocket(url);
  const received: ServerMessage[] = [];
  let bytes = 0;
  const closed = new Promise<number>((resolve) => socket.once('close', resolve));
  socket.on('message', (data: Buffer) => {
    bytes += data.length;
    const decoded = decodeServerMessage(new Uint8Array(data), defaultLimits);
    if (decoded.ok) received.push(decoded.message);
  });
  const client: RawClient = {
    socket,
    received,
    receivedBytes: () => bytes,
    closed,
    next: async (type) => {
      let found: ServerMessage | undefined;
      await vi.waitFor(
        () => {
          const index = received.findIndex((m) => m.type === type);
          if (index < 0) throw new Error(`no ${type} yet`);
          found = received.splice(index, 1)[0];
        },
        { timeout: 5000, interval: 5 },
      );
      if (found === undefined) throw new Error(`no ${type}`);
      return found;
    },
  };
  return new Promise((resolve, reject) => {
    socket.once('open', () => { resolve(client); });
    socket.once('error', reject);
  });
}

function textUpdate(text: string, clientID: number): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  doc.getText('notes').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

const eventually = (assertion: () => void | Promise<void>) => vi.waitFor(assertion, { timeout: 5000, interval: 10 });

describe.each(testBackends('relay/sync'))('sync route on $name', (backend) => {
  let relay: RelayUnderTest;
  let gm: { id: string; token: string };
  let player: { id: string; token: string };
  let viewer: { id: string; token: string };
  let campaign: Campaign;
  const providers: WebsocketProvider[] = [];
  const sockets: WebSocket[] = [];

  const signIn = async (name: string) => {
    const session = parsed(validators.session, await relay.call('POST', '/v1/auth/dev', { body: { name } }));
    return { id: session.user.id, token: session.token };
  };
  const join = async (token: string, role: 'player' | 'viewer') => {
    const invite: Invite = parsed(validators.invite, await relay.call('POST', `/v1/campaigns/${campaign.id}/invites`, { token: gm.token, body: { role } }));
    expect((await relay.call('POST', `/v1/invites/${invite.code}/accept`, { token })).status).toBe(200);
  };
  const wsBase = () => `${relay.stack.url.replace('http', 'ws')}/v1/sync`;
  const syncUrl = (docId: string, token: string) => `${wsBase()}/${docId}?token=${encodeURIComponent(token)}`;
  const sharedDoc = () => campaign.docs.shared;
  const gmDoc = () => campaign.docs.gm ?? 'missing-gm-doc';

  const provide = (token: string, docId: string, doc = new Y.Doc()) => {
    const provider = new WebsocketProvider(wsBase(), docId, doc, { WebSocketPolyfill: WebSocket as never, params: { token }, disableBc: true });
    providers.push(provider);
    return { doc, provider };
  };
  const synced = (provider: WebsocketProvider) =>
    new Promise<void>((resolve) => {
      if (provider.synced) resolve();
      else provider.once('sync', () => { resolve(); });
    });
  const raw = async (url: string) => {
    const client = await rawClient(url);
    sockets.push(client.socket);
    return client;
  };
  const headSeq = async (docId: string) =>
    (await relay.stack.db.query<{ seq: string }>('SELECT head_seq::text AS seq FROM sync_docs WHERE doc_id = $1', [docId])).rows.map((r) => Number(r.seq))[0];
  const rowsOf = async (docId: string) =>
    (await relay.stack.db.query<{ seq: string }>('SELECT seq::text AS seq FROM sync_updates WHERE doc_id = $1 ORDER BY seq', [docId])).rows.map((r) => Number(r.seq));

  beforeAll(async () => {
    relay = await bootRelay(backend, { AUTH_DEV_LOGIN: '1' });
    gm = await signIn('Gemma the GM');
    player = await signIn('Pip the player');
    viewer = await signIn('Vic the viewer');
    campaign = parsed(validators.campaign, await relay.call('POST', '/v1/campaigns', { token: gm.token, body: { title: 'Sync tests' } }));
    await join(player.token, 'player');
    await join(viewer.token, 'viewer');
  });
  afterEach(() => {
    for (const provider of providers.splice(0)) provider.destroy();
    for (const socket of sockets.splice(0)) socket.terminate();
  });
  afterAll(async () => {
    await relay.close();
  });

  it('SYNC-COMPAT-6: an unmodified y-websocket provider syncs with a token, and two clients converge', async () => {
    const a = provide(gm.token, sharedDoc());
    const b = provide(player.token, sharedDoc());
    await Promise.all([synced(a.provider), synced(b.provider)]);
    a.doc.getText('notes').insert(0, 'The dragon sleeps. ');
    b.doc.getMap('party').set('leader', 'Pip');
    await eventually(() => {
      expect(b.doc.getText('notes').toJSON()).toBe('The dragon sleeps. ');
      expect(a.doc.getMap('party').get('leader')).toBe('Pip');
    });
    expect((await rowsOf(sharedDoc())).length).toBeGreaterThanOrEqual(2);
  });

  it("keeps an offline client's edits and the other side's edits across a reconnect", async () => {
    const a = provide(gm.token, campaign.docs.private);
    const b = provide(gm.token, campaign.docs.private);
    await Promise.all([synced(a.provider), synced(b.provider)]);
    a.provider.disconnect();
    a.doc.getArray('log').push(['offline edit']);
    b.doc.getArray('log').push(['online edit']);
    await eventually(() => {
      expect(b.provider.synced).toBe(true);
    });
    a.provider.connect();
    await eventually(() => {
      expect([...a.doc.getArray('log').toArray()].sort()).toEqual(['offline edit', 'online edit']);
      expect(b.doc.getArray('log').toJSON()).toEqual(a.doc.getArray('log').toJSON());
    });
  });

  it('serves a late joiner the full state as one diff from the stored log', async () => {
    const a = provide(gm.token, sharedDoc());
    await synced(a.provider);
    a.doc.getText('late').insert(0, 'written before anyone else came');
    await eventually(async () => {
      expect((await rowsOf(sharedDoc())).length).toBeGreaterThan(0);
    });
    const late = provide(viewer.token, sharedDoc());
    await synced(late.provider);
    await eventually(() => {
      expect(late.doc.getText('late').toJSON()).toBe('written before anyone else came');
    });
  });

  it("SYNC-REJ-2: refuses a read-only viewer's update without storing it and keeps the connection open", async () => {
    const writer = provide(gm.token, sharedDoc());
    const view = provide(viewer.token, sharedDoc());
    await Promise.all([synced(writer.provider), synced(view.provider)]);
    const before = await rowsOf(sharedDoc());
    // The stock provider reports permission-denied with console.warn (and the URL with the token).
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    view.doc.getText('viewer-scribble').insert(0, 'not allowed');
    writer.doc.getText('after').insert(0, 'still reaches the viewer');
    await eventually(() => {
      expect(view.doc.getText('after').toJSON()).toBe('still reaches the viewer');
    });
    await eventually(() => {
      expect(warn.mock.calls.flat().join(' ')).toContain('Read-only access');
    });
    warn.mockRestore();
    expect(view.provider.wsconnected).toBe(true);
    expect(writer.doc.getText('viewer-scribble').toJSON()).toBe('');
    const after = await rowsOf(sharedDoc());
    expect(after.length).toBe(before.length + 1);
    const fresh = provide(gm.token, sharedDoc());
    await synced(fresh.provider);
    expect(fresh.doc.getText('viewer-scribble').toJSON()).toBe('');
  });

  it('SYNC-REJ-1: an opted-in read-only client gets rejected { ref, read_only } and keeps reading', async () => {
    const client = await raw(syncUrl(sharedDoc(), viewer.token));
    client.socket.send(encodeHello({ version: 1, capabilities: [capabilities.ack] }));
    expect(await client.next('welcome')).toMatchObject({ capabilities: ['ack/1'] });
    const before = await rowsOf(sharedDoc());
    client.socket.send(encodeUpdateWithRef(7, textUpdate('viewer', 4242)));
    expect(await client.next('rejected')).toMatchObject({ ref: 7, code: 'read_only' });
    expect(await rowsOf(sharedDoc())).toEqual(before);
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('SYNC-CLOSE-1 / SYNC-AUTH-1: a player cannot open the gm doc: closed 4403 without a single byte of it', async () => {
    const writer = provide(gm.token, gmDoc());
    await synced(writer.provider);
    writer.doc.getText('secret').insert(0, 'the duke is the cultist');
    await eventually(async () => {
      expect((await rowsOf(gmDoc())).length).toBeGreaterThan(0);
    });
    const client = await raw(syncUrl(gmDoc(), player.token));
    expect(await client.closed).toBe(closeCodes.Forbidden.code);
    expect(client.receivedBytes()).toBe(0);
  });

  it('SYNC-CLOSE-3 / SYNC-AUTH-1: an invalid or missing token is closed with 4401', async () => {
    const client = await raw(syncUrl(sharedDoc(), 'not-a-token'));
    expect(await client.closed).toBe(closeCodes.Unauthorized.code);
    expect(client.receivedBytes()).toBe(0);
    const none = await raw(`${wsBase()}/${sharedDoc()}`);
    expect(await none.closed).toBe(closeCodes.Unauthorized.code);
  });

  it('SYNC-CLOSE-5: malformed and oversize frames close with 4400 and 4413, and the relay keeps serving', async () => {
    const malformed = await raw(syncUrl(sharedDoc(), gm.token));
    malformed.socket.send(Uint8Array.from([0x63, 0xff]));
    expect(await malformed.closed).toBe(closeCodes.BadMessage.code);
    const oversize = await raw(syncUrl(sharedDoc(), gm.token));
    oversize.socket.send(new Uint8Array(1_048_577));
    expect(await oversize.closed).toBe(closeCodes.TooLarge.code);
    const text = await raw(syncUrl(sharedDoc(), gm.token));
    text.socket.send('hello as text');
    expect(await text.closed).toBe(closeCodes.BadMessage.code);
    const after = provide(player.token, sharedDoc());
    await synced(after.provider);
  });

  it('SYNC-HELLO-3: update-with-ref without a granted ack/1 closes with 4400', async () => {
    const client = await raw(syncUrl(sharedDoc(), gm.token));
    client.socket.send(encodeUpdateWithRef(1, textUpdate('x', 5151)));
    expect(await client.closed).toBe(closeCodes.BadMessage.code);
  });

  it('SYNC-ACK-1 / SYNC-ACK-3: acks arrive in order, each only once its row is in the database', async () => {
    const docId = campaign.docs.private;
    const client = await raw(syncUrl(docId, gm.token));
    client.socket.send(encodeHello({ version: 1, capabilities: [capabilities.ack] }));
    await client.next('welcome');
    const seenWithAck: number[][] = [];
    client.socket.on('message', (data: Buffer) => {
      const decoded = decodeServerMessage(new Uint8Array(data), defaultLimits);
      if (decoded.ok && decoded.message.type === 'ack') {
        void rowsOf(docId).then((rows) => seenWithAck.push(rows));
      }
    });
    for (let ref = 1; ref <= 3; ref += 1) client.socket.send(encodeUpdateWithRef(ref, textUpdate(`line ${String(ref)}`, 7000 + ref)));
    const acks = [await client.next('ack'), await client.next('ack'), await client.next('ack')];
    expect(acks.map((a) => (a.type === 'ack' ? a.ref : -1))).toEqual([1, 2, 3]);
    const seqs = acks.map((a) => (a.type === 'ack' ? a.seq : -1));
    expect(seqs[1]).toBeGreaterThan(seqs[0] ?? 0);
    expect(seqs[2]).toBeGreaterThan(seqs[1] ?? 0);
    const rows = await rowsOf(docId);
    for (const seq of seqs) expect(rows).toContain(seq);
    await eventually(() => {
      expect(seenWithAck).toHaveLength(3);
    });
    seenWithAck.forEach((rowsAtAck, index) => {
      expect(rowsAtAck).toContain(seqs[index]);
    });
  });

  it('SYNC-ACK-7: a re-sent update is acked with the head seq and stored once', async () => {
    const docId = campaign.docs.private;
    const client = await raw(syncUrl(docId, gm.token));
    client.socket.send(encodeHello({ version: 1, capabilities: [capabilities.ack] }));
    await client.next('welcome');
    const update = textUpdate('said twice', 9090);
    client.socket.send(encodeUpdateWithRef(1, update));
    const first = await client.next('ack');
    const rowsAfterFirst = await rowsOf(docId);
    client.socket.send(encodeUpdateWithRef(2, update));
    const second = await client.next('ack');
    expect(second).toMatchObject({ ref: 2, seq: first.type === 'ack' ? first.seq : -1 });
    expect(await rowsOf(docId)).toEqual(rowsAfterFirst);
  });

  it('SYNC-ACK-1: broadcasts a plain sync update to the other sockets of the doc after storing it', async () => {
    const listener = provide(player.token, sharedDoc());
    await synced(listener.provider);
    const client = await raw(syncUrl(sharedDoc(), player.token));
    client.socket.send(encodeSyncUpdate(textUpdate('from a raw socket', 6060)));
    await eventually(() => {
      expect(listener.doc.getText('notes').toJSON()).toContain('from a raw socket');
    });
  });
  it('SYNC-ACK-7: an empty update is acked with the head seq without a transaction or a row', async () => {
    const docId = campaign.docs.private;
    const client = await raw(syncUrl(docId, gm.token));
    client.socket.send(encodeHello({ version: 1, capabilities: [capabilities.ack] }));
    await client.next('welcome');
    client.socket.send(encodeUpdateWithRef(1, textUpdate('before the empty one', 9191)));
    const first = await client.next('ack');
    const rowsBefore = await rowsOf(docId);
    client.socket.send(encodeUpdateWithRef(2, new Uint8Array([0, 0])));
    const second = await client.next('ack');
    expect(second).toMatchObject({ ref: 2, seq: first.type === 'ack' ? first.seq : -1 });
    expect(await rowsOf(docId)).toEqual(rowsBefore);
  });

  it('SYNC-MSG-1: a client with an empty doc gets the whole state as one sync step 2, the same bytes for every joiner', async () => {
    const writer = provide(gm.token, sharedDoc());
    await synced(writer.provider);
    const before = (await headSeq(sharedDoc())) ?? 0;
    writer.doc.getText('notes').insert(0, 'for the late crowd ');
    const joiners = await Promise.all([raw(syncUrl(sharedDoc(), player.token)), raw(syncUrl(sharedDoc(), gm.token))]);
    // Earlier tests wrote to this doc too: wait for this edit's own commit.
    await eventually(async () => {
      expect(await headSeq(sharedDoc())).toBeGreaterThan(before);
    });
    const answers = [];
    for (const joiner of joiners) {
      joiner.socket.send(encodeSyncStep1(new Uint8Array([0])));
      answers.push(await joiner.next('sync-step2'));
    }
    const docs = answers.map((answer) => {
      const doc = new Y.Doc();
      if (answer.type === 'sync-step2') Y.applyUpdate(doc, answer.update);
      return doc.getText('notes').toJSON();
    });
    expect(docs[0]).toContain('for the late crowd');
    expect(docs[1]).toBe(docs[0]);
  });

  it('SYNC-MSG-1: six clients joining a doc over 1 MiB at once all get the whole doc', async () => {
    const own = parsed(validators.campaign, await relay.call('POST', '/v1/campaigns', { token: gm.token, body: { title: 'A big doc' } }));
    const docId = own.docs.shared;
    const writer = await raw(syncUrl(docId, gm.token));
    await writer.next('sync-step1');
    // Two updates under the 1 MiB frame limit make a doc of ~1.4 MB.
    writer.socket.send(encodeSyncUpdate(textUpdate('a'.repeat(700_000), 9001)));
    writer.socket.send(encodeSyncUpdate(textUpdate('b'.repeat(700_000), 9002)));
    // Over the 1 MiB compaction threshold: the rows may already be folded, so look at the head.
    await eventually(async () => {
      expect(await headSeq(docId)).toBe(2);
    });
    const joiners = await Promise.all(Array.from({ length: 6 }, () => raw(syncUrl(docId, gm.token))));
    for (const joiner of joiners) joiner.socket.send(encodeSyncStep1(new Uint8Array([0])));
    const answers = await Promise.all(joiners.map((joiner) => joiner.next('sync-step2')));
    for (const answer of answers) {
      if (answer.type !== 'sync-step2') throw new Error('expected sync step 2');
      expect(answer.update.byteLength).toBeGreaterThan(1_400_000);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, answer.update);
      expect(doc.getText('notes').length).toBe(1_400_000);
    }
  });

  it('SYNC-AUTH-3: a member removed by the GM has their open sync sockets closed with 4403 by the relay module', async () => {
    const leaver = await signIn('Lee the leaver');
    await join(leaver.token, 'player');
    const client = await raw(syncUrl(sharedDoc(), leaver.token));
    const removed = await relay.call('DELETE', `/v1/campaigns/${campaign.id}/members/${leaver.id}`, { token: gm.token });
    expect(removed.status).toBe(204);
    expect(await client.closed).toBe(closeCodes.Forbidden.code);
    const again = await raw(syncUrl(sharedDoc(), leaver.token));
    expect(await again.closed).toBe(closeCodes.Forbidden.code);
  });

  it('SYNC-AUTH-4: signing out closes that session\'s sync sockets with 4401, and the token is refused afterwards', async () => {
    const other = await signIn('Sam the signed-out');
    await join(other.token, 'player');
    const client = await raw(syncUrl(sharedDoc(), other.token));
    expect((await relay.call('POST', '/v1/auth/logout', { token: other.token })).status).toBe(204);
    expect(await client.closed).toBe(closeCodes.Unauthorized.code);
    expect((await relay.call('GET', '/v1/campaigns', { token: other.token })).status).toBe(401);
  });
});
