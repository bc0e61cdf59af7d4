// The relay's awareness rules over a real socket (SPEC SYNC-AWARENESS-2 to -4). Awareness never
// touches the database, so PGlite is enough.
import { validators } from '@rpg-bot/contracts';
import type { Campaign, Invite } from '@rpg-bot/contracts';
import { decodeServerMessage, defaultLimits, encodeAwareness, encodeAwarenessEntries, encodeQueryAwareness } from '@rpg-bot/sync-protocol';
import type { AwarenessEntry } from '@rpg-bot/sync-protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { bootRelay, testBackends } from '../testing/relay-test-stack';
import type { RelayUnderTest } from '../testing/relay-test-stack';
import { awarenessLimits } from './awareness-policy';

interface Peer {
  readonly socket: WebSocket;
  /** Every awareness entry received, in order. */
  readonly entries: AwarenessEntry[];
  /** Awareness frames received. */
  frames: number;
  queries: number;
}

const eventually = (assertion: () => void | Promise<void>) => vi.waitFor(assertion, { timeout: 5000, interval: 10 });

const awarenessFrame = (entries: readonly AwarenessEntry[]) => encodeAwareness(encodeAwarenessEntries(entries));

describe.each(testBackends('relay/sync-awareness').slice(0, 1))('awareness through the relay on $name', (backend) => {
  let relay: RelayUnderTest;
  let gm: { id: string; token: string };
  let player: { id: string; token: string };
  let campaign: Campaign;
  const sockets: WebSocket[] = [];

  const signIn = async (name: string) => {
    const session = validators.session((await relay.call('POST', '/v1/auth/dev', { body: { name } })).json);
    if (!session.ok) throw new Error('no session');
    return { id: session.value.user.id, token: session.value.token };
  };
  const connect = async (token: string): Promise<Peer> => {
    const socket = new WebSocket(`${relay.stack.url.replace('http', 'ws')}/v1/sync/${campaign.docs.shared}?token=${encodeURIComponent(token)}`);
    sockets.push(socket);
    const peer: Peer = { socket, entries: [], frames: 0, queries: 0 };
    socket.on('message', (data: Buffer) => {
      const decoded = decodeServerMessage(new Uint8Array(data), defaultLimits);
      if (!decoded.ok) return;
      if (decoded.message.type === 'awareness') {
        peer.frames += 1;
        peer.entries.push(...decoded.message.entries);
      }
      if (decoded.message.type === 'query-awareness') peer.queries += 1;
    });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return peer;
  };
  /** Sends `frame`, then a marker entry, and waits until `watcher` got the marker: everything before it was relayed or dropped. */
  const settle = async (from: Peer, watcher: Peer, clientId: number) => {
    const marker = { clientId, clock: Date.now(), state: { marker: true } };
    from.socket.send(awarenessFrame([marker]));
    await eventually(() => {
      expect(watcher.entries.some((entry) => entry.clientId === clientId && entry.clock === marker.clock)).toBe(true);
    });
  };

  beforeAll(async () => {
    relay = await bootRelay(backend, { AUTH_DEV_LOGIN: '1' });
    gm = await signIn('Gemma the GM');
    player = await signIn('Pip the player');
    const created = validators.campaign((await relay.call('POST', '/v1/campaigns', { token: gm.token, body: { title: 'Awareness' } })).json);
    if (!created.ok) throw new Error('no campaign');
    campaign = created.value;
    const invite = validators.invite((await relay.call('POST', `/v1/campaigns/${campaign.id}/invites`, { token: gm.token, body: { role: 'player' } })).json);
    if (!invite.ok) throw new Error('no invite');
    const code: Invite['code'] = invite.value.code;
    expect((await relay.call('POST', `/v1/invites/${code}/accept`, { token: player.token })).status).toBe(200);
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.terminate();
  });
  afterAll(async () => {
    await relay.close();
  });

  it("SYNC-AWARENESS-2: a peer claiming the GM's id and name reaches the others stamped with its own", async () => {
    const gmPeer = await connect(gm.token);
    const playerPeer = await connect(player.token);
    playerPeer.socket.send(awarenessFrame([{ clientId: 1001, clock: 1, state: { user: { userId: gm.id, name: 'Gemma the GM', color: '#b91c1c' }, cursor: 7 } }]));
    await eventually(() => {
      expect(gmPeer.entries).toContainEqual({ clientId: 1001, clock: 1, state: { user: { userId: player.id, name: 'Pip the player', color: '#b91c1c' }, cursor: 7 } });
    });
  });

  it("SYNC-AWARENESS-3: nobody can speak for another socket's client: its states and removals from elsewhere are dropped", async () => {
    const gmPeer = await connect(gm.token);
    const playerPeer = await connect(player.token);
    gmPeer.socket.send(awarenessFrame([{ clientId: 2001, clock: 1, state: { user: { name: 'Gemma' } } }]));
    await eventually(() => {
      expect(playerPeer.entries.map((entry) => entry.clientId)).toContain(2001);
    });
    const watcher = await connect(gm.token);
    // The player re-sends the GM's client (as y-protocols does when answering a query) and tries to remove it.
    playerPeer.socket.send(awarenessFrame([{ clientId: 2001, clock: 5, state: { user: { name: 'Fake' } } }]));
    playerPeer.socket.send(awarenessFrame([{ clientId: 2001, clock: 6, state: null }]));
    await settle(playerPeer, watcher, 2002);
    // The watcher knows the GM's client only as the GM sent it (held for newcomers), never the fakes.
    expect(watcher.entries.filter((entry) => entry.clientId === 2001)).toEqual([{ clientId: 2001, clock: 1, state: { user: { name: 'Gemma the GM', userId: gm.id } } }]);
  });

  it('SYNC-AWARENESS-3: an awareness frame over 64 KiB is dropped unread and the socket stays open', async () => {
    const gmPeer = await connect(gm.token);
    const playerPeer = await connect(player.token);
    playerPeer.socket.send(awarenessFrame([{ clientId: 3001, clock: 1, state: { junk: 'x'.repeat(awarenessLimits.maxFrameBytes) } }]));
    await settle(playerPeer, gmPeer, 3002);
    expect(gmPeer.entries.map((entry) => entry.clientId)).not.toContain(3001);
    expect(playerPeer.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('SYNC-AWARENESS-3: one socket speaks for at most 16 clients', async () => {
    const gmPeer = await connect(gm.token);
    const playerPeer = await connect(player.token);
    const many = Array.from({ length: 40 }, (_, i) => ({ clientId: 4000 + i, clock: 1, state: {} }));
    playerPeer.socket.send(awarenessFrame(many));
    await eventually(() => {
      expect(gmPeer.entries.length).toBeGreaterThan(0);
    });
    expect(gmPeer.entries.map((entry) => entry.clientId)).toEqual(many.slice(0, awarenessLimits.maxClientsPerSocket).map((entry) => entry.clientId));
  });

  it('SYNC-AWARENESS-3: over the rate limit frames are held back, and the latest state is relayed once the budget refills', async () => {
    const gmPeer = await connect(gm.token);
    gmPeer.socket.send(awarenessFrame([{ clientId: 5000, clock: 1, state: { cursor: 0 } }]));
    const playerPeer = await connect(player.token);
    await eventually(() => {
      expect(playerPeer.entries.map((entry) => entry.clientId)).toContain(5000);
    });
    await new Promise((resolve) => setTimeout(resolve, 100)); // past the flush window
    // On connect, and once more if it joined before the GM's state was flushed (y-protocols ignores the same clock).
    const known = playerPeer.entries.length;
    expect(new Set(playerPeer.entries.map((entry) => entry.clientId))).toEqual(new Set([5000]));
    // The test relay's clock stands still: the bucket refills only when the test moves it.
    for (let clock = 1; clock <= 100; clock += 1) playerPeer.socket.send(awarenessFrame([{ clientId: 5001, clock, state: { cursor: clock } }]));
    playerPeer.socket.send(encodeQueryAwareness());
    await eventually(() => {
      expect(gmPeer.entries.at(-1)?.clock).toBe(awarenessLimits.burst);
    });
    await new Promise((resolve) => setTimeout(resolve, 300)); // several flush windows: nothing more comes
    expect(gmPeer.entries.at(-1)?.clock).toBe(awarenessLimits.burst);
    expect(gmPeer.entries.every((entry) => entry.clock <= awarenessLimits.burst)).toBe(true);
    // The player's query came over the limit too: dropped, not held (so no answer with the GM's state).
    expect(playerPeer.entries).toHaveLength(known);
    relay.clock.now += 1000;
    await eventually(() => {
      expect(gmPeer.entries.at(-1)).toEqual({ clientId: 5001, clock: 100, state: { cursor: 100, user: { userId: player.id, name: 'Pip the player' } } });
    });
    expect(gmPeer.entries.filter((entry) => entry.clock > awarenessLimits.burst)).toHaveLength(1);
    expect(gmPeer.queries + playerPeer.queries).toBe(0);
  });

  it('SYNC-AWARENESS-4: a newcomer gets the states of the sockets already there in one frame, and nobody is queried', async () => {
    const gmPeer = await connect(gm.token);
    const playerPeer = await connect(player.token);
    gmPeer.socket.send(awarenessFrame([{ clientId: 6001, clock: 3, state: { cursor: 1 } }]));
    playerPeer.socket.send(awarenessFrame([{ clientId: 6002, clock: 7, state: { cursor: 2 } }]));
    await settle(playerPeer, gmPeer, 6003);
    const newcomer = await connect(gm.token);
    await eventually(() => {
      expect(new Set(newcomer.entries.map((entry) => entry.clientId))).toEqual(new Set([6001, 6002, 6003]));
    });
    expect(newcomer.frames).toBe(1);
    expect(newcomer.entries).toContainEqual({ clientId: 6002, clock: 7, state: { cursor: 2, user: { userId: player.id, name: 'Pip the player' } } });
    expect(gmPeer.queries + playerPeer.queries + newcomer.queries).toBe(0);
  });

  it("SYNC-AWARENESS-4: a query is answered by the relay with the others' states; a removal or a closed socket takes a state away", async () => {
    const gmPeer = await connect(gm.token);
    const playerPeer = await connect(player.token);
    gmPeer.socket.send(awarenessFrame([{ clientId: 7001, clock: 1, state: { cursor: 1 } }, { clientId: 7002, clock: 1, state: { cursor: 2 } }]));
    gmPeer.socket.send(awarenessFrame([{ clientId: 7002, clock: 2, state: null }]));
    await eventually(() => {
      expect(playerPeer.entries).toContainEqual({ clientId: 7002, clock: 2, state: null });
    });
    playerPeer.entries.length = 0;
    playerPeer.socket.send(encodeQueryAwareness());
    await eventually(() => {
      expect(playerPeer.entries.map((entry) => entry.clientId)).toEqual([7001]);
    });
    expect(gmPeer.queries).toBe(0);
    gmPeer.socket.close();
    await eventually(() => {
      expect(playerPeer.entries).toContainEqual({ clientId: 7001, clock: 2, state: null });
    });
    const newcomer = await connect(player.token);
    await settle(playerPeer, newcomer, 7003);
    expect(newcomer.entries.map((entry) => entry.clientId)).toEqual([7003]);
  });

  it('SYNC-AWARENESS-4: a socket has at most 64 KiB of states held for newcomers; the rest is relayed but not held', async () => {
    const gmPeer = await connect(gm.token);
    const playerPeer = await connect(player.token);
    const big = (clientId: number) => ({ clientId, clock: 1, state: { note: 'x'.repeat(40 * 1024) } });
    playerPeer.socket.send(awarenessFrame([big(8001)]));
    playerPeer.socket.send(awarenessFrame([big(8002)]));
    await eventually(() => {
      expect(gmPeer.entries.map((entry) => entry.clientId)).toEqual([8001, 8002]);
    });
    const newcomer = await connect(gm.token);
    await settle(playerPeer, newcomer, 8003);
    expect(newcomer.entries.map((entry) => entry.clientId)).toEqual([8001, 8003]);
  });
});
