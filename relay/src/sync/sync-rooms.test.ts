import { createLogger } from '@rpg-bot/observability';
import { closeCodes } from '@rpg-bot/sync-protocol';
import { Registry } from 'prom-client';
import { describe, expect, it, vi } from 'vitest';
import { InMemoryUpdateLog } from './in-memory-update-log';
import { MergedStateCache } from './merged-state-cache';
import { createSyncMetrics } from './sync-metrics';
import type { SyncSession } from './sync-connection';
import { SyncRooms } from './sync-rooms';
import { ManualTimers } from '@rpg-bot/kit/testing';
import { encodeSyncUpdate } from '@rpg-bot/sync-protocol';
import * as Y from 'yjs';

const logger = createLogger({ level: 'silent' });

/** A transport that records how the relay closed it and reports the close back, as `ws` does. */
interface TestSocket {
  readonly closes: { code: number; reason: string }[];
}

function setup() {
  const timers = new ManualTimers();
  const registry = new Registry();
  const log = new InMemoryUpdateLog();
  const cache = new MergedStateCache({ log, now: timers.clock, idleTtlMs: 60_000 });
  const rooms = new SyncRooms({ log, cache, metrics: createSyncMetrics(registry, () => cache.loadedDocs()), now: timers.clock, timers, maxFrameBytes: 1 << 20 });
  const handles: { receive(frame: Uint8Array): void; closed(): void }[] = [];
  const connect = (session: Omit<SyncSession, 'logger' | 'access'>): TestSocket => {
    const closes: TestSocket['closes'] = [];
    const handle = rooms.connect(
      {
        send: () => undefined,
        close: (code, reason) => {
          closes.push({ code, reason });
          handle.closed();
        },
      },
      { ...session, access: 'write', logger },
    );
    handles.push(handle);
    return { closes };
  };
  const rejected = async (reason: string) => {
    const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === 'relay_sync_rejected_total');
    return metric?.values.find((v) => v.labels.reason === reason)?.value ?? 0;
  };
  return { timers, rooms, connect, rejected, handles, log };
}

describe('SyncRooms', () => {
  it('SYNC-AUTH-3: closeUser closes only that user’s sockets on the named docs, with the given code', async () => {
    const { rooms, connect, rejected } = setup();
    const aliceShared = connect({ docId: 'shared', userId: 'alice' });
    const aliceGm = connect({ docId: 'gm', userId: 'alice' });
    const bobShared = connect({ docId: 'shared', userId: 'bob' });
    expect(rooms.closeUser('alice', ['shared', 'unknown'], closeCodes.Forbidden)).toBe(1);
    expect(aliceShared.closes).toEqual([{ code: 4403, reason: closeCodes.Forbidden.reason }]);
    expect(aliceGm.closes).toEqual([]);
    expect(bobShared.closes).toEqual([]);
    expect(rooms.closeUser('alice', 'all', closeCodes.Forbidden)).toBe(1);
    expect(aliceGm.closes.map((c) => c.code)).toEqual([4403]);
    expect(rooms.closeUser('alice', 'all', closeCodes.Forbidden)).toBe(0);
    expect(rooms.connectionCount()).toBe(1);
    expect(rooms.docIds()).toEqual(['shared']);
    expect(await rejected('access_revoked')).toBe(2);
  });

  it('SYNC-AUTH-4: closeSession closes every socket of that jti with Unauthorized (4401), and only those', async () => {
    const { rooms, connect, rejected } = setup();
    const first = connect({ docId: 'a', userId: 'alice', sessionId: 'jti-1' });
    const second = connect({ docId: 'b', userId: 'alice', sessionId: 'jti-1' });
    const otherDevice = connect({ docId: 'a', userId: 'alice', sessionId: 'jti-2' });
    expect(rooms.closeSession('jti-1')).toBe(2);
    expect([...first.closes, ...second.closes].map((c) => c.code)).toEqual([4401, 4401]);
    expect(otherDevice.closes).toEqual([]);
    expect(await rejected('session_revoked')).toBe(2);
  });

  it('SYNC-AUTH-2: a socket closes with Unauthorized (4401) when its token expires, by the injected clock', async () => {
    const { timers, rooms, connect, rejected } = setup();
    const expiresAt = timers.now + 900_000;
    const socket = connect({ docId: 'a', userId: 'alice', sessionId: 'j', expiresAt });
    const longer = connect({ docId: 'a', userId: 'bob', sessionId: 'k', expiresAt: expiresAt + 60_000 });
    timers.advance(899_999);
    expect(socket.closes).toEqual([]);
    timers.advance(1);
    expect(socket.closes).toEqual([{ code: 4401, reason: closeCodes.Unauthorized.reason }]);
    expect(longer.closes).toEqual([]);
    expect(await rejected('token_expired')).toBe(1);
    // A socket that closed for another reason leaves no timer behind.
    rooms.closeUser('bob', 'all', closeCodes.Forbidden);
    expect(timers.pending()).toBe(0);
  });

  it('SYNC-AUTH-2: a token already expired at connect closes the socket at once', () => {
    const { timers, connect } = setup();
    const socket = connect({ docId: 'a', userId: 'alice', expiresAt: timers.now });
    expect(socket.closes.map((c) => c.code)).toEqual([4401]);
  });

  it('one room per doc emits every stored update after its commit, in seq order, to each subscriber until it unsubscribes', async () => {
    const { rooms, connect, handles, log } = setup();
    const heard: { docId: string; seq: number; bytes: number }[] = [];
    const unsubscribe = rooms.onCommitted((update) => heard.push(update));
    connect({ docId: 'notes', userId: 'alice' });
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    doc.getText('t').insert(0, 'one');
    doc.getText('t').insert(3, ' two');
    for (const update of updates) handles[0]?.receive(encodeSyncUpdate(update));
    await vi.waitFor(() => { expect(heard.map((h) => h.seq)).toEqual([1, 2]); });
    expect(heard.every((h) => h.docId === 'notes' && h.bytes > 0)).toBe(true);
    expect((await log.size('notes')).headSeq).toBe(2);
    unsubscribe();
    doc.getText('t').insert(0, 'zero ');
    handles[0]?.receive(encodeSyncUpdate(updates[2] ?? new Uint8Array()));
    await vi.waitFor(async () => { expect((await log.size('notes')).headSeq).toBe(3); });
    expect(heard).toHaveLength(2);
    // The room goes once its last socket left and nothing is in flight.
    handles[0]?.closed();
    expect(rooms.docIds()).toEqual([]);
    expect(rooms.hasRoom('notes')).toBe(false);
  });
});
