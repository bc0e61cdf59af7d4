import { SerialQueue } from '@rpg-bot/kit';
import type { RejectionCode } from '@rpg-bot/sync-protocol';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { countChanges } from './doc-storage';
import type { DocMeta, DocStorage, LoadedDoc, PendingUpdate } from './doc-storage';
import { InMemoryDocStorage } from './in-memory-doc-storage';
import { DocOutbox } from './outbox';

/** A promise and the function that resolves it. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/**
 * An `InMemoryDocStorage` whose local appends can be held back (a write in flight) or refused (a
 * full or broken IndexedDB); everything else passes through.
 */
class ScriptedDocStorage implements DocStorage {
  readonly inner = new InMemoryDocStorage();
  /** `appendLocal` rejects while set. */
  failAppends = false;
  appendLocalCalls = 0;
  #gate: Promise<void> = Promise.resolve();

  /** Holds `appendLocal` back until the returned function is called. */
  hold(): () => void {
    const gate = deferred();
    this.#gate = gate.promise;
    return gate.resolve;
  }

  async appendLocal(docId: string, update: Uint8Array, madeAt: number): Promise<number> {
    this.appendLocalCalls += 1;
    await this.#gate;
    if (this.failAppends) throw new DOMException('quota', 'QuotaExceededError');
    return this.inner.appendLocal(docId, update, madeAt);
  }

  load(docId: string): Promise<LoadedDoc> {
    return this.inner.load(docId);
  }
  appendRemote(docId: string, update: Uint8Array): Promise<void> {
    return this.inner.appendRemote(docId, update);
  }
  acknowledge(docId: string, ids: readonly number[], seq: number): Promise<void> {
    return this.inner.acknowledge(docId, ids, seq);
  }
  discard(docId: string, ids: readonly number[]): Promise<void> {
    return this.inner.discard(docId, ids);
  }
  compact(docId: string): Promise<number> {
    return this.inner.compact(docId);
  }
  rowCount(docId: string): Promise<number> {
    return this.inner.rowCount(docId);
  }
  docIds(): Promise<string[]> {
    return this.inner.docIds();
  }
  meta(docId: string): Promise<DocMeta | undefined> {
    return this.inner.meta(docId);
  }
  forget(docId: string): Promise<void> {
    return this.inner.forget(docId);
  }
}

/** Updates of a Y.Doc, one per edit. */
function edits(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < count; i += 1) doc.getText('notes').insert(i, String(i));
  return updates;
}

function notesOf(updates: readonly Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc.getText('notes').toJSON();
}

/** A loaded outbox of `doc-a` over `storage`, recording its events and reported errors. */
async function loadedOutbox(storage: DocStorage = new InMemoryDocStorage(), now?: () => number) {
  const writes = new SerialQueue();
  const errors: string[] = [];
  const outbox = new DocOutbox({ docId: 'doc-a', storage, writes, onError: (_error, context) => errors.push(context), ...(now === undefined ? {} : { now }) });
  outbox.restore((await storage.load('doc-a')).pending);
  const appended: PendingUpdate[] = [];
  const acked: [readonly PendingUpdate[], number][] = [];
  const refused: [readonly PendingUpdate[], RejectionCode][] = [];
  let changes = 0;
  outbox.onAppended((entry) => appended.push(entry));
  outbox.onAcked((entries, seq) => acked.push([entries, seq]));
  outbox.onRefused((entries, code) => refused.push([entries, code]));
  outbox.onChange(() => {
    changes += 1;
  });
  return { outbox, storage, writes, errors, appended, acked, refused, changes: () => changes };
}

describe('DocOutbox', () => {
  it('counts a burst of typing as one change and a pause of two seconds as the start of the next, across a reload', async () => {
    let clock = 1_000_000;
    const storage = new InMemoryDocStorage();
    const { outbox, writes } = await loadedOutbox(storage, () => clock);
    const updates = edits(40);
    // One sentence, a keystroke every 150 ms: 37 updates, one change.
    for (const update of updates.slice(0, 37)) {
      outbox.add(update);
      clock += 150;
    }
    await writes.idle();
    expect(outbox.entries()).toHaveLength(37);
    expect(outbox.changes()).toBe(1);
    // A pause, then three more keystrokes: a second change.
    clock += 2000;
    for (const update of updates.slice(37)) {
      outbox.add(update);
      clock += 150;
    }
    await writes.idle();
    expect(outbox.changes()).toBe(2);
    // The times are stored: a reload counts the same.
    const reloaded = await loadedOutbox(storage, () => clock);
    expect(reloaded.outbox.changes()).toBe(2);
    // The relay acknowledged the first sentence: one change is left.
    const firstSentence = outbox.entries().slice(0, 37).map((entry) => entry.id);
    outbox.acknowledge(firstSentence, 1);
    expect(outbox.changes()).toBe(1);
    outbox.acknowledge(outbox.entries().map((entry) => entry.id), 2);
    expect(outbox.changes()).toBe(0);
  });

  it('appends stored local updates as entries, oldest first, and tells onAppended', async () => {
    const { outbox, writes, appended, storage } = await loadedOutbox();
    const updates = edits(3);
    for (const update of updates) outbox.add(update);
    await writes.idle();
    const entries = outbox.entries();
    expect(entries.map((entry) => entry.update)).toEqual(updates);
    // The entries hold the very arrays the doc produced (the session keys its bookkeeping on them).
    expect(entries[0]?.update).toBe(updates[0]);
    const ids = entries.map((entry) => entry.id);
    expect(ids.every((id) => id > 0)).toBe(true);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(appended).toEqual(entries);
    const stored = await storage.load('doc-a');
    expect(stored.pending.map((entry) => entry.id)).toEqual(ids);
    expect(notesOf(stored.updates)).toBe('012');
  });

  it('counts an update as writing (and unsaved) until the storage has it, and only then makes it an entry', async () => {
    const storage = new ScriptedDocStorage();
    const { outbox, writes, appended } = await loadedOutbox(storage);
    const release = storage.hold();
    const [update] = edits(1);
    outbox.add(update!);
    expect(outbox.writing()).toBe(1);
    expect(outbox.entries()).toEqual([]);
    expect(outbox.unsaved()).toEqual([update]);
    // The write started at once, not when the chain reached it.
    expect(storage.appendLocalCalls).toBe(1);
    await Promise.resolve();
    expect(appended).toEqual([]);
    release();
    await writes.idle();
    expect(outbox.writing()).toBe(0);
    expect(outbox.unsaved()).toEqual([]);
    expect(outbox.entries()).toHaveLength(1);
    expect(appended).toHaveLength(1);
  });

  it('before the load restores it, a local update waits on the chain and is stored once', async () => {
    const storage = new ScriptedDocStorage();
    const writes = new SerialQueue();
    const outbox = new DocOutbox({ docId: 'doc-a', storage, writes, onError: () => undefined });
    const load = deferred();
    const loading = writes.run(async () => {
      await load.promise;
      outbox.restore((await storage.load('doc-a')).pending);
    });
    const [update] = edits(1);
    outbox.add(update!);
    await Promise.resolve();
    expect(storage.appendLocalCalls).toBe(0);
    expect(outbox.writing()).toBe(1);
    load.resolve();
    await loading;
    await writes.idle();
    expect(storage.appendLocalCalls).toBe(1);
    expect(outbox.entries()).toHaveLength(1);
    expect((await storage.load('doc-a')).pending).toHaveLength(1);
  });

  it('acknowledge removes the entries, reports them with the seq, and records the ack in the storage', async () => {
    const { outbox, writes, storage, acked } = await loadedOutbox();
    for (const update of edits(3)) outbox.add(update);
    await writes.idle();
    const [first, second, third] = outbox.entries();
    outbox.acknowledge([first!.id, third!.id], 42);
    expect(outbox.entries()).toEqual([second]);
    expect(acked).toEqual([[[first, third], 42]]);
    await writes.idle();
    const stored = await storage.load('doc-a');
    expect(stored.pending.map((entry) => entry.id)).toEqual([second!.id]);
    expect(stored.lastAckedSeq).toBe(42);
    // An ack with no ids (the diff a relay restored from a backup lacked) still raises the seq.
    outbox.acknowledge([], 43);
    await writes.idle();
    expect((await storage.load('doc-a')).lastAckedSeq).toBe(43);
  });

  it('refuse removes the entries, reports them with the code, and drops them from the stored outbox only', async () => {
    const { outbox, writes, storage, refused, changes } = await loadedOutbox();
    for (const update of edits(2)) outbox.add(update);
    await writes.idle();
    const [kept, dropped] = outbox.entries();
    const before = changes();
    outbox.refuse([dropped!.id], 'read_only');
    expect(outbox.entries()).toEqual([kept]);
    expect(refused).toEqual([[[dropped], 'read_only']]);
    expect(changes()).toBeGreaterThan(before);
    await writes.idle();
    const stored = await storage.load('doc-a');
    expect(stored.pending.map((entry) => entry.id)).toEqual([kept!.id]);
    expect(notesOf(stored.updates)).toBe('01');
  });

  it('keeps an update the storage refused in memory under a negative id, still to upload, and reports it', async () => {
    const storage = new ScriptedDocStorage();
    const { outbox, writes, errors, appended } = await loadedOutbox(storage);
    storage.failAppends = true;
    const [first, second] = edits(2);
    outbox.add(first!);
    outbox.add(second!);
    await writes.idle();
    expect(outbox.entries().map((entry) => entry.id)).toEqual([-1, -2]);
    expect(outbox.entries().map((entry) => entry.update)).toEqual([first, second]);
    expect(appended).toHaveLength(2);
    expect(outbox.writing()).toBe(0);
    // Not stored: a page hiding now stashes them.
    expect(outbox.unsaved()).toEqual([first, second]);
    expect(errors).toEqual(['storing a local update of doc-a; it is kept in memory', 'storing a local update of doc-a; it is kept in memory']);
    storage.failAppends = false;
    const [third] = edits(3).slice(2);
    outbox.add(third!);
    await writes.idle();
    outbox.acknowledge([-1, -2], 5);
    await writes.idle();
    expect(outbox.entries()).toHaveLength(1);
    expect(errors).toHaveLength(2);
    expect((await storage.load('doc-a')).lastAckedSeq).toBe(5);
  });

  it('its entries survive a reload: a new outbox over the same storage restores them', async () => {
    const storage = new InMemoryDocStorage();
    const first = await loadedOutbox(storage);
    for (const update of edits(3)) first.outbox.add(update);
    await first.writes.idle();
    first.outbox.acknowledge([first.outbox.entries()[0]!.id], 1);
    await first.writes.idle();
    const expected = first.outbox.entries();

    const second = await loadedOutbox(storage);
    expect(second.outbox.entries()).toEqual(expected);
    expect(second.outbox.writing()).toBe(0);
    const [later] = edits(4).slice(3);
    second.outbox.add(later!);
    await second.writes.idle();
    const ids = second.outbox.entries().map((entry) => entry.id);
    expect(ids).toHaveLength(3);
    expect(ids[2]).toBeGreaterThan(ids[1]!);
  });

  it('stop skips queued writes and forgets what was unsaved', async () => {
    const storage = new ScriptedDocStorage();
    const { outbox, writes, appended } = await loadedOutbox(storage);
    const release = storage.hold();
    const [update] = edits(1);
    outbox.add(update!);
    outbox.stop();
    expect(outbox.unsaved()).toEqual([]);
    release();
    await writes.idle();
    expect(appended).toEqual([]);
    expect(outbox.entries()).toEqual([]);
    // A stopped outbox stores nothing more.
    const writing = outbox.writing();
    outbox.add(update!);
    expect(outbox.writing()).toBe(writing);
    expect(storage.appendLocalCalls).toBe(1);
  });
});

describe('countChanges', () => {
  it('starts a change at each pause of two seconds or more, and counts a row without a time on its own', () => {
    expect(countChanges([])).toBe(0);
    expect(countChanges([{ madeAt: 10 }, { madeAt: 1999 + 10 }])).toBe(1);
    expect(countChanges([{ madeAt: 10 }, { madeAt: 2000 + 10 }])).toBe(2);
    expect(countChanges([{ madeAt: 0 }, { madeAt: 0 }, { madeAt: 5 }, { madeAt: 6 }])).toBe(3);
  });
});
