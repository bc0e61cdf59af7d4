import * as Y from 'yjs';
import { encodeSyncStep2, syncStep2Header } from '@rpg-bot/sync-protocol';
import { describe, expect, it } from 'vitest';
import { createWriter, textOf } from './conformance/fixtures';
import { InMemoryUpdateLog } from './in-memory-update-log';
import { MergedStateCache } from './merged-state-cache';
import type { LoadedState, UpdateLog } from './types';

const at = { authorId: 'alice', at: new Date(0) };

/** The real log, with its loads counted and optionally held back until `release()`. */
function observedLog(log: UpdateLog): { log: Pick<UpdateLog, 'loadState'>; loads: () => number; hold: () => () => void } {
  let loads = 0;
  let gate: Promise<void> | null = null;
  return {
    loads: () => loads,
    hold: () => {
      let release = (): void => undefined;
      gate = new Promise((resolve) => {
        release = resolve;
      });
      return () => {
        release();
      };
    },
    log: {
      async loadState(docId: string): Promise<LoadedState> {
        loads += 1;
        const state = await log.loadState(docId);
        await gate;
        return state;
      },
    },
  };
}

function setup(): { log: InMemoryUpdateLog; cache: MergedStateCache; clock: { now: number }; observed: ReturnType<typeof observedLog> } {
  const log = new InMemoryUpdateLog();
  const clock = { now: 1_000 };
  const observed = observedLog(log);
  const cache = new MergedStateCache({ log: observed.log, now: () => clock.now, idleTtlMs: 60_000 });
  return { log, cache, clock, observed };
}

describe('MergedStateCache', () => {
  it("gives the state vector of everything appended without folding, and folds to the same one", async () => {
    const { log, cache } = setup();
    const alice = createWriter(1);
    const bob = createWriter(7);
    await log.append('d', alice.type('hello'), at);
    expect(await cache.stateVector('d')).toEqual(Y.encodeStateVector(alice.doc));
    const edits = [alice.type(' world'), bob.type('!'), alice.type('?'), bob.type('…')];
    for (const update of edits) {
      const { seq } = await log.append('d', update, at);
      cache.applyAppended('d', update, seq);
    }
    const both = new Y.Doc();
    Y.applyUpdate(both, Y.encodeStateAsUpdate(alice.doc));
    Y.applyUpdate(both, Y.encodeStateAsUpdate(bob.doc));
    const expected = Y.decodeStateVector(Y.encodeStateVector(both));
    expect(Y.decodeStateVector(await cache.stateVector('d'))).toEqual(expected);
    expect((await cache.get('d')).seq).toBe(5);
    expect(Y.decodeStateVector((await cache.get('d')).stateVector)).toEqual(expected);
    expect(Y.decodeStateVector(Y.encodeStateVectorFromUpdate((await cache.get('d')).state))).toEqual(expected);
  });

  it('answers a client with exactly what it lacks', async () => {
    const { log, cache } = setup();
    const alice = createWriter(1);
    await log.append('d', alice.type('hello'), at);
    const client = new Y.Doc();
    Y.applyUpdate(client, await cache.diffFor('d', Y.encodeStateVector(client)));
    expect(client.getText('t').toJSON()).toBe('hello');
    const update = alice.type(' world');
    const { seq } = await log.append('d', update, at);
    cache.applyAppended('d', update, seq);
    const diff = await cache.diffFor('d', Y.encodeStateVector(client));
    expect(textOf([Y.encodeStateAsUpdate(client), diff])).toBe('hello world');
    expect(diff.byteLength).toBeLessThan(Y.encodeStateAsUpdate(alice.doc).byteLength);
    expect((await cache.get('d')).seq).toBe(2);
  });

  it('loads a doc once for a crowd joining at the same time', async () => {
    const { log, cache, observed } = setup();
    await log.append('d', createWriter(2).type('party'), at);
    const release = observed.hold();
    const joins = Array.from({ length: 50 }, () => cache.diffFor('d', new Uint8Array([0])));
    release();
    const diffs = await Promise.all(joins);
    expect(observed.loads()).toBe(1);
    expect(new Set(diffs.map((diff) => textOf([diff])))).toEqual(new Set(['party']));
    // Empty docs all get the one merged state, not a diff each.
    const state = (await cache.get('d')).state;
    expect(diffs.every((diff) => diff === state)).toBe(true);
  });

  it('keeps an append that commits while the doc is loading', async () => {
    const { log, cache, observed } = setup();
    const writer = createWriter(3);
    await log.append('d', writer.type('a'), at);
    const release = observed.hold();
    const loading = cache.get('d');
    await Promise.resolve();
    const late = writer.type('b');
    const { seq } = await log.append('d', late, at);
    cache.applyAppended('d', late, seq);
    release();
    await loading;
    const state = await cache.get('d');
    expect(textOf([state.state])).toBe('ab');
    expect(state.seq).toBe(2);
  });

  it('serves a compacted doc from snapshot plus tail', async () => {
    const { log, cache } = setup();
    const writer = createWriter(4);
    await log.append('d', writer.type('x'), at);
    await log.compact('d', { keepHistory: false });
    await log.append('d', writer.type('y'), at);
    const state = await cache.get('d');
    expect(textOf([state.state])).toBe('xy');
    expect(Y.decodeStateVector(state.stateVector).get(4)).toBe(2);
  });

  it('unloads idle docs after the TTL and accounts for the bytes it holds', async () => {
    const { log, cache, clock, observed } = setup();
    await log.append('idle', createWriter(5).type('zzz'), at);
    await log.append('busy', createWriter(6).type('qqq'), at);
    expect(cache.bytesHeld()).toBe(0);
    const idle = await cache.get('idle');
    await cache.get('busy');
    expect(cache.loadedDocs()).toBe(2);
    clock.now += 50_000;
    const busy = await cache.get('busy');
    expect(cache.bytesHeld()).toBe(idle.state.byteLength + idle.stateVector.byteLength + busy.state.byteLength + busy.stateVector.byteLength);
    clock.now += 20_000;
    expect(cache.evictIdle()).toBe(1);
    expect(cache.loadedDocs()).toBe(1);
    expect(cache.bytesHeld()).toBe(busy.state.byteLength + busy.stateVector.byteLength);
    await cache.get('idle');
    expect(observed.loads()).toBe(3);
    cache.unload('busy');
    expect(cache.loadedDocs()).toBe(1);
  });

  it('ignores appends for docs it has not loaded and appends it already folded', async () => {
    const { log, cache, observed } = setup();
    const writer = createWriter(7);
    const first = writer.type('1');
    await log.append('d', first, at);
    cache.applyAppended('other', first, 1);
    expect(cache.loadedDocs()).toBe(0);
    await cache.get('d');
    cache.applyAppended('d', first, 1);
    expect(cache.bytesHeld()).toBe((await cache.get('d')).state.byteLength + (await cache.get('d')).stateVector.byteLength);
    expect(observed.loads()).toBe(1);
  });

  it('SYNC-FANOUT-2: keeps an append that arrives after a later seq was folded, and knows what it holds', async () => {
    const { log, cache } = setup();
    const here = createWriter(8);
    const there = createWriter(9);
    await log.append('d', here.type('a'), at);
    await cache.get('d');
    expect(cache.heldSeq('d')).toBe(1);
    const remote = there.type('R');
    const local = here.type('b');
    const r = await log.append('d', remote, at);
    const l = await log.append('d', local, at);
    // This process's own commit (seq 3) is applied first; the other relay's seq 2 is announced later.
    expect(cache.applyAppended('d', local, l.seq)).toBe(true);
    expect(textOf([(await cache.get('d')).state])).toBe('ab');
    expect(cache.heldSeq('d')).toBe(1);
    expect(cache.holds('d', 3)).toBe(true);
    expect(cache.holds('d', 2)).toBe(false);
    expect(cache.applyAppended('d', remote, r.seq)).toBe(true);
    expect(cache.applyAppended('d', remote, r.seq)).toBe(false);
    expect(cache.heldSeq('d')).toBe(3);
    expect(textOf([(await cache.get('d')).state]).split('').sort().join('')).toBe('Rab');
    expect(cache.holds('other', 1)).toBeUndefined();
    expect(cache.heldSeq('other')).toBeUndefined();
    expect(cache.docIds()).toEqual(['d']);
    expect(cache.peekStateVector('d')).toEqual((await cache.get('d')).stateVector);
  });

  it('keeps the state vector current across appends between folds, without folding', async () => {
    const { log, cache } = setup();
    const a = createWriter(12);
    const b = createWriter(13);
    await log.append('sv', a.type('a'), at);
    await cache.get('sv');
    const stateVectorOf = (...writers: (typeof a)[]) => {
      const doc = new Y.Doc();
      for (const writer of writers) Y.applyUpdate(doc, Y.encodeStateAsUpdate(writer.doc));
      return Y.decodeStateVector(Y.encodeStateVector(doc));
    };
    for (const [writer, text] of [[a, 'b'], [b, 'x'], [a, 'c'], [b, 'y']] as const) {
      const update = writer.type(text);
      const { seq } = await log.append('sv', update, at);
      cache.applyAppended('sv', update, seq);
      // Asked after every append, as a crowd of joiners does while an upload goes on.
      expect(Y.decodeStateVector(await cache.stateVector('sv'))).toEqual(stateVectorOf(a, b));
      expect(Y.decodeStateVector(cache.peekStateVector('sv') ?? new Uint8Array())).toEqual(stateVectorOf(a, b));
    }
    // A fold starts the count again and gives the same vector.
    expect(Y.decodeStateVector((await cache.get('sv')).stateVector)).toEqual(stateVectorOf(a, b));
    const update = a.type('d');
    cache.applyAppended('sv', update, (await log.append('sv', update, at)).seq);
    expect(Y.decodeStateVector(await cache.stateVector('sv'))).toEqual(stateVectorOf(a, b));
  });

  it('never evicts a doc the caller says is in use', async () => {
    const { log, cache, clock } = setup();
    await log.append('open', createWriter(10).type('o'), at);
    await log.append('closed', createWriter(11).type('c'), at);
    await cache.get('open');
    await cache.get('closed');
    clock.now += 120_000;
    expect(cache.evictIdle((docId) => docId === 'open')).toBe(1);
    expect(cache.docIds()).toEqual(['open']);
  });

  it('keeps a frame-shaped state when asked: one shared sync step 2 frame until the next change, no second copy', async () => {
    const log = new InMemoryUpdateLog();
    const cache = new MergedStateCache({ log, now: () => 0, idleTtlMs: 60_000, frameHeader: syncStep2Header });
    const alice = createWriter(7);
    await log.append('d', alice.type('framed'), at);
    const frame = await cache.fullStateFrame('d');
    const { state } = await cache.get('d');
    expect(frame).toEqual(encodeSyncStep2(state));
    expect(state.buffer).toBe(frame.buffer);
    expect(await cache.fullStateFrame('d')).toBe(frame);
    expect(cache.bytesHeld()).toBe(frame.byteLength + (await cache.get('d')).stateVector.byteLength);
    const update = alice.type(' again');
    const { seq } = await log.append('d', update, at);
    cache.applyAppended('d', update, seq);
    const next = await cache.fullStateFrame('d');
    expect(next).not.toBe(frame);
    expect(next).toEqual(encodeSyncStep2((await cache.get('d')).state));
    expect(textOf([(await cache.get('d')).state])).toBe('framed again');
    expect(new MergedStateCache({ log, now: () => 0, idleTtlMs: 1 }).hasFrames()).toBe(false);
  });
});
