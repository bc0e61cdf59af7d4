import type { AddressInfo } from 'node:net';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer } from 'ws';
import type { WebSocket as ServerSocket } from 'ws';
import { PartyStore } from './party-store';
import { partyEventTypes } from './party-validation';
import { NodeWebSocket } from './relay-harness.test-support';
import type { PartyStoreOptions } from './types';

const eventually = (assertion: () => void) => vi.waitFor(assertion, { timeout: 5_000, interval: 10 });
const indexedDb = { indexedDB, IDBKeyRange };
let dbCounter = 0;
const stores: PartyStore[] = [];
const servers: WebSocketServer[] = [];

function freshDbName(): string {
  dbCounter += 1;
  return `party-store-test-${dbCounter}`;
}

function makeStore(dbName: string, extra: Partial<PartyStoreOptions> = {}): PartyStore {
  const store = new PartyStore({
    dbName,
    partyUrl: 'ws://127.0.0.1:9/v1/party',
    getToken: () => Promise.resolve('token'),
    indexedDb,
    WebSocketImpl: NodeWebSocket,
    backoff: { baseMs: 10, maxMs: 50 },
    ...extra,
  });
  stores.push(store);
  return store;
}

const stampedChat = (seq: number, text: string) => ({
  specversion: '1.0',
  id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
  source: '/campaigns/c1',
  type: partyEventTypes.chatMessage,
  time: '2026-12-02T18:03:12.345Z',
  datacontenttype: 'application/json',
  data: { text },
  seq,
  actorid: 'u2',
  actorname: 'Gemma',
});

/**
 * A misbehaving party server (the real relay validates every envelope, so it cannot produce the
 * bad input this client must survive). It runs `script` for each connection and records the URLs.
 */
async function hostileServer(script: (socket: ServerSocket, url: URL) => void): Promise<{ url: string; connections: URL[] }> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  servers.push(server);
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const connections: URL[] = [];
  server.on('connection', (socket, request) => {
    const url = new URL(request.url ?? '/', `ws://127.0.0.1:${port}`);
    connections.push(url);
    script(socket, url);
  });
  return { url: `ws://127.0.0.1:${port}/v1/party`, connections };
}

afterEach(async () => {
  for (const store of stores.splice(0)) store.destroy();
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          for (const client of server.clients) client.terminate();
          server.close(() => {
            resolve();
          });
        }),
    ),
  );
});

describe('PartyStore', () => {
  it('keeps events composed offline in the Dexie outbox across a reload', async () => {
    const dbName = freshDbName();
    const store = makeStore(dbName);
    store.setOnline(false);
    const feed = store.open('c1');
    await feed.whenLoaded;
    const id = await feed.publish(partyEventTypes.chatMessage, { text: 'see you at the inn' });
    expect(feed.events()).toEqual([expect.objectContaining({ id, pending: true, data: { text: 'see you at the inn' } })]);
    expect(feed.status()).toEqual({ state: 'offline', pendingEvents: 1, gap: false, droppedInvalid: 0 });
    feed.release();
    store.destroy();

    const reloaded = makeStore(dbName);
    reloaded.setOnline(false);
    const again = reloaded.open('c1');
    await again.whenLoaded;
    expect(again.events()).toEqual([expect.objectContaining({ id, pending: true })]);
    expect(again.status().pendingEvents).toBe(1);
  });

  it('refuses to publish an invalid event, storing nothing', async () => {
    const store = makeStore(freshDbName());
    store.setOnline(false);
    const feed = store.open('c1');
    await feed.whenLoaded;
    await expect(feed.publish(partyEventTypes.chatMessage, { text: '' })).rejects.toThrow('invalid');
    await expect(feed.publish(partyEventTypes.diceRolled, { total: 3 })).rejects.toThrow('cannot publish');
    expect(feed.events()).toEqual([]);
    expect(feed.status().pendingEvents).toBe(0);
  });

  it('drops and counts invalid incoming envelopes, flags a gap, and resumes from the cached seq', async () => {
    const server = await hostileServer((socket, url) => {
      if (url.searchParams.get('since') === '0') {
        socket.send(JSON.stringify({ type: 'gap', since: 0, firstRetainedSeq: 5 }));
        socket.send(JSON.stringify({ type: 'event', event: stampedChat(5, 'valid') }));
        socket.send(JSON.stringify({ type: 'event', event: { ...stampedChat(6, 'no actor'), actorid: undefined } }));
        socket.send(JSON.stringify({ type: 'event', event: { ...stampedChat(7, ''), data: { text: '', html: '<script>' } } }));
        socket.send(JSON.stringify({ type: 'ready', headSeq: 7 }));
        // Drop the connection: the client must come back asking only for what it lacks.
        setTimeout(() => {
          socket.close(4503, 'Try again later');
        }, 20);
      } else {
        socket.send(JSON.stringify({ type: 'event', event: stampedChat(8, 'after reconnect') }));
        socket.send(JSON.stringify({ type: 'ready', headSeq: 8 }));
      }
    });
    const store = makeStore(freshDbName(), { partyUrl: server.url, timers: { schedule: (callback) => { queueMicrotask(callback); return () => undefined; } } });
    const feed = store.open('c1');
    await eventually(() => {
      expect(feed.events().map((event) => event.seq)).toEqual([5, 8]);
    });
    expect(feed.status()).toMatchObject({ gap: true, droppedInvalid: 2, pendingEvents: 0 });
    expect(server.connections.map((url) => url.searchParams.get('since'))).toEqual(['0', '5']);
    expect(feed.events().map((event) => event.data)).toEqual([{ text: 'valid' }, { text: 'after reconnect' }]);

    // A reopened feed starts from the Dexie cache: the next connection asks from seq 8.
    feed.release();
    const again = store.open('c1');
    await again.whenLoaded;
    expect(again.events().map((event) => event.seq)).toEqual([5, 8]);
    await eventually(() => {
      expect(server.connections.at(-1)?.searchParams.get('since')).toBe('8');
    });
  });
});
