// Test support (not a test file): the contract every `DocStorage` adapter runs, as vitest tests.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocStorage, LoadedDoc } from './doc-storage';

/** What `create` returns for one test: a fresh, empty storage, and how to dispose of it. */
export interface DocStorageSetup {
  readonly storage: DocStorage;
  /**
   * Closes the storage and opens the same data again (a reload of the page); persistent adapters
   * give it, and `close` then disposes of the reopened one.
   */
  readonly reopen?: () => Promise<DocStorage>;
  close(): Promise<void>;
}

/** Updates of a Y.Doc as an editor would produce them: one per call. */
class Edits {
  readonly #doc = new Y.Doc();
  readonly #text = this.#doc.getText('notes');

  /** Appends `text` to the notes and returns the update of that change. */
  type(text: string): Uint8Array {
    let captured: Uint8Array | undefined;
    const listener = (update: Uint8Array) => {
      captured = update;
    };
    this.#doc.on('update', listener);
    this.#text.insert(this.#text.length, text);
    this.#doc.off('update', listener);
    if (captured === undefined) throw new Error('the edit produced no update');
    return captured;
  }

  /** Deletes `length` characters of the notes from `index` and returns the update of that change. */
  remove(index: number, length: number): Uint8Array {
    let captured: Uint8Array | undefined;
    const listener = (update: Uint8Array) => {
      captured = update;
    };
    this.#doc.on('update', listener);
    this.#text.delete(index, length);
    this.#doc.off('update', listener);
    if (captured === undefined) throw new Error('the edit produced no update');
    return captured;
  }
}

/** The notes text of a doc built from what the storage loaded. */
function notesOf(loaded: LoadedDoc): string {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (const update of loaded.updates) Y.applyUpdate(doc, update);
  });
  return doc.getText('notes').toJSON();
}

const ids = (loaded: LoadedDoc) => loaded.pending.map((entry) => entry.id);

/** When the conformance suite's local updates were made, unless a test says otherwise. */
const MADE_AT = 1_765_000_000_000;

/**
 * The behaviour every `DocStorage` adapter must share. An adapter's test file is its setup plus
 * this call; `create` runs before each test and must return an empty storage.
 *
 * @example
 * describeDocStorageConformance('in memory', () => Promise.resolve({ storage: new InMemoryDocStorage(), close: () => Promise.resolve() }));
 */
export function describeDocStorageConformance(name: string, create: () => Promise<DocStorageSetup>): void {
  describe(`DocStorage conformance: ${name}`, () => {
    let setup: DocStorageSetup | undefined;
    const storage = (): DocStorage => {
      if (setup === undefined) throw new Error('no storage: create() did not run');
      return setup.storage;
    };

    beforeEach(async () => {
      setup = await create();
    });
    afterEach(async () => {
      await setup?.close();
      setup = undefined;
    });

    it('holds nothing for a doc it never stored', async () => {
      expect(await storage().load('doc-a')).toEqual({ updates: [], rows: 0, lastAckedSeq: 0, pending: [] });
      expect(await storage().rowCount('doc-a')).toBe(0);
      expect(await storage().meta('doc-a')).toBeUndefined();
      expect(await storage().docIds()).toEqual([]);
    });

    it('stores a local update and keeps it pending under positive ids that increase, oldest first', async () => {
      const edits = new Edits();
      const first = edits.type('Hello');
      const second = edits.type(', world');
      const a = await storage().appendLocal('doc-a', first, MADE_AT);
      const b = await storage().appendLocal('doc-a', second, MADE_AT + 2500);
      expect(a).toBeGreaterThan(0);
      expect(b).toBeGreaterThan(a);
      const loaded = await storage().load('doc-a');
      expect(loaded.updates).toEqual([first, second]);
      expect(loaded.rows).toBe(2);
      expect(loaded.pending).toEqual([
        { id: a, update: first, madeAt: MADE_AT },
        { id: b, update: second, madeAt: MADE_AT + 2500 },
      ]);
      expect(notesOf(loaded)).toBe('Hello, world');
      expect(await storage().meta('doc-a')).toEqual({ lastAckedSeq: 0, compactions: 0, compactedAt: 0 });
    });

    it('stores a remote update without making it pending', async () => {
      const edits = new Edits();
      const remote = edits.type('from the relay');
      await storage().appendRemote('doc-a', remote);
      const loaded = await storage().load('doc-a');
      expect(loaded.updates).toEqual([remote]);
      expect(loaded.pending).toEqual([]);
      expect(await storage().meta('doc-a')).toEqual({ lastAckedSeq: 0, compactions: 0, compactedAt: 0 });
    });

    it('acknowledge removes exactly the given ids and raises lastAckedSeq, never lowers it', async () => {
      const edits = new Edits();
      const a = await storage().appendLocal('doc-a', edits.type('a'), MADE_AT);
      const b = await storage().appendLocal('doc-a', edits.type('b'), MADE_AT);
      const c = await storage().appendLocal('doc-a', edits.type('c'), MADE_AT);
      await storage().acknowledge('doc-a', [a, c], 7);
      let loaded = await storage().load('doc-a');
      expect(ids(loaded)).toEqual([b]);
      expect(loaded.lastAckedSeq).toBe(7);
      // Acknowledged updates stay stored: only the outbox forgets them.
      expect(notesOf(loaded)).toBe('abc');
      await storage().acknowledge('doc-a', [b], 3);
      loaded = await storage().load('doc-a');
      expect(loaded.pending).toEqual([]);
      expect(loaded.lastAckedSeq).toBe(7);
      await storage().acknowledge('doc-a', [], 9);
      expect((await storage().load('doc-a')).lastAckedSeq).toBe(9);
      expect((await storage().meta('doc-a'))?.lastAckedSeq).toBe(9);
    });

    it('an ack for a doc it holds no update of stores nothing', async () => {
      await storage().acknowledge('doc-a', [], 5);
      expect(await storage().meta('doc-a')).toBeUndefined();
      expect(await storage().docIds()).toEqual([]);
      expect(await storage().load('doc-a')).toEqual({ updates: [], rows: 0, lastAckedSeq: 0, pending: [] });
    });

    it('discard drops the given outbox entries and keeps their updates stored', async () => {
      const edits = new Edits();
      const a = await storage().appendLocal('doc-a', edits.type('kept '), MADE_AT);
      const b = await storage().appendLocal('doc-a', edits.type('refused'), MADE_AT);
      await storage().discard('doc-a', [b]);
      const loaded = await storage().load('doc-a');
      expect(ids(loaded)).toEqual([a]);
      expect(loaded.lastAckedSeq).toBe(0);
      expect(notesOf(loaded)).toBe('kept refused');
    });

    it('compact merges every stored row into one with the same content and leaves the outbox alone', async () => {
      const edits = new Edits();
      const pending: number[] = [];
      for (let i = 0; i < 6; i += 1) await storage().appendRemote('doc-a', edits.type(`remote ${i}. `));
      for (let i = 0; i < 4; i += 1) pending.push(await storage().appendLocal('doc-a', edits.type(`local ${i}. `), MADE_AT));
      const before = await storage().load('doc-a');
      expect(await storage().rowCount('doc-a')).toBe(10);
      expect(await storage().compact('doc-a')).toBe(1);
      const after = await storage().load('doc-a');
      expect(after.rows).toBe(1);
      expect(after.updates).toHaveLength(1);
      expect(await storage().rowCount('doc-a')).toBe(1);
      expect(notesOf(after)).toBe(notesOf(before));
      expect(ids(after)).toEqual(pending);
      const meta = await storage().meta('doc-a');
      expect(meta?.compactions).toBe(1);
      expect(meta?.compactedAt).toBeGreaterThan(0);
      await storage().appendRemote('doc-a', edits.type('more.'));
      await storage().compact('doc-a');
      expect((await storage().meta('doc-a'))?.compactions).toBe(2);
      expect(notesOf(await storage().load('doc-a'))).toBe(`${notesOf(before)}more.`);
    });

    it('compact with collectGarbage drops the bytes of deleted text, even from one row, and keeps the rest', async () => {
      const edits = new Edits();
      const kept = await storage().appendLocal('doc-a', edits.type('Kept. '), MADE_AT);
      await storage().appendLocal('doc-a', edits.type('x'.repeat(200_000)), MADE_AT);
      await storage().appendLocal('doc-a', edits.remove(6, 200_000), MADE_AT);
      await storage().compact('doc-a');
      const merged = await storage().load('doc-a');
      // A plain merge keeps what was deleted.
      expect(merged.updates[0]?.byteLength).toBeGreaterThan(200_000);
      expect(await storage().compact('doc-a', { collectGarbage: true })).toBe(1);
      const collected = await storage().load('doc-a');
      expect(collected.rows).toBe(1);
      expect(collected.updates[0]?.byteLength).toBeLessThan(1_000);
      expect(notesOf(collected)).toBe('Kept. ');
      expect(ids(collected)[0]).toBe(kept);
      expect((await storage().meta('doc-a'))?.compactions).toBe(2);
      // What is stored still takes later edits from the same editor.
      await storage().appendLocal('doc-a', edits.type('More.'), MADE_AT);
      expect(notesOf(await storage().load('doc-a'))).toBe('Kept. More.');
    });

    it('compact of fewer than two rows changes nothing and counts no compaction', async () => {
      expect(await storage().compact('doc-a')).toBe(0);
      expect(await storage().meta('doc-a')).toBeUndefined();
      await storage().appendRemote('doc-a', new Edits().type('alone'));
      expect(await storage().compact('doc-a')).toBe(1);
      expect((await storage().meta('doc-a'))?.compactions).toBe(0);
    });

    it('never loses an append that runs concurrently with compactions', async () => {
      const edits = new Edits();
      for (let i = 0; i < 10; i += 1) await storage().appendRemote('doc-a', edits.type(String(i)));
      // Started together: the storage orders them, whichever comes first.
      const racing = await Promise.all([
        storage().appendRemote('doc-a', edits.type('A')),
        storage().compact('doc-a'),
        storage().appendLocal('doc-a', edits.type('B'), MADE_AT),
        storage().compact('doc-a'),
        storage().appendLocal('doc-a', edits.type('C'), MADE_AT),
        storage().appendRemote('doc-a', edits.type('D')),
      ]);
      const loaded = await storage().load('doc-a');
      expect(notesOf(loaded)).toBe('0123456789ABCD');
      expect(ids(loaded)).toEqual([racing[2], racing[4]]);
      expect(await storage().rowCount('doc-a')).toBe(loaded.rows);
    });

    it('rowCount counts stored rows of local and remote updates', async () => {
      const edits = new Edits();
      await storage().appendLocal('doc-a', edits.type('a'), MADE_AT);
      await storage().appendRemote('doc-a', edits.type('b'));
      await storage().appendLocal('doc-b', new Edits().type('c'), MADE_AT);
      expect(await storage().rowCount('doc-a')).toBe(2);
      expect(await storage().rowCount('doc-b')).toBe(1);
    });

    it('docIds lists the docs it holds updates for', async () => {
      await storage().appendRemote('doc-b', new Edits().type('b'));
      await storage().appendLocal('doc-a', new Edits().type('a'), MADE_AT);
      expect((await storage().docIds()).sort()).toEqual(['doc-a', 'doc-b']);
    });

    it('forget deletes everything of that doc only', async () => {
      const edits = new Edits();
      const a = await storage().appendLocal('doc-a', edits.type('forgotten'), MADE_AT);
      await storage().acknowledge('doc-a', [a], 4);
      await storage().appendLocal('doc-a', edits.type(' and pending'), MADE_AT);
      const kept = await storage().appendLocal('doc-b', new Edits().type('kept'), MADE_AT);
      await storage().acknowledge('doc-b', [], 2);
      await storage().forget('doc-a');
      expect(await storage().load('doc-a')).toEqual({ updates: [], rows: 0, lastAckedSeq: 0, pending: [] });
      expect(await storage().meta('doc-a')).toBeUndefined();
      expect(await storage().rowCount('doc-a')).toBe(0);
      expect(await storage().docIds()).toEqual(['doc-b']);
      const other = await storage().load('doc-b');
      expect(notesOf(other)).toBe('kept');
      expect(ids(other)).toEqual([kept]);
      expect(other.lastAckedSeq).toBe(2);
    });

    it('keeps two docs independent: updates, outboxes, acks and compactions', async () => {
      const editsA = new Edits();
      const editsB = new Edits();
      const a1 = await storage().appendLocal('doc-a', editsA.type('A1 '), MADE_AT);
      const b1 = await storage().appendLocal('doc-b', editsB.type('B1 '), MADE_AT);
      const a2 = await storage().appendLocal('doc-a', editsA.type('A2'), MADE_AT);
      const b2 = await storage().appendLocal('doc-b', editsB.type('B2'), MADE_AT);
      expect(new Set([a1, a2, b1, b2]).size).toBe(4);
      await storage().acknowledge('doc-a', [a1], 10);
      await storage().discard('doc-b', [b2]);
      await storage().compact('doc-a');
      const docA = await storage().load('doc-a');
      const docB = await storage().load('doc-b');
      expect(notesOf(docA)).toBe('A1 A2');
      expect(notesOf(docB)).toBe('B1 B2');
      expect(ids(docA)).toEqual([a2]);
      expect(ids(docB)).toEqual([b1]);
      expect(docA.lastAckedSeq).toBe(10);
      expect(docB.lastAckedSeq).toBe(0);
      expect(docA.rows).toBe(1);
      expect(docB.rows).toBe(2);
      expect((await storage().meta('doc-b'))?.compactions).toBe(0);
    });

    it('stores copies: changing a byte array after appending it or after loading it changes nothing stored', async () => {
      const edits = new Edits();
      const update = edits.type('intact');
      const original = update.slice();
      await storage().appendLocal('doc-a', update, MADE_AT);
      update.fill(0);
      const loaded = await storage().load('doc-a');
      expect(loaded.updates).toEqual([original]);
      loaded.updates[0]?.fill(0);
      loaded.pending[0]?.update.fill(0);
      const again = await storage().load('doc-a');
      expect(again.updates).toEqual([original]);
      expect(again.pending.map((entry) => entry.update)).toEqual([original]);
    });

    it('keeps everything across a reopen (a reload of the page)', async (context) => {
      const reopen = setup?.reopen;
      if (reopen === undefined) {
        context.skip('the adapter keeps nothing across a reopen');
        return;
      }
      const edits = new Edits();
      const acked = await storage().appendLocal('doc-a', edits.type('acked '), MADE_AT);
      const pending = await storage().appendLocal('doc-a', edits.type('pending '), MADE_AT);
      await storage().appendRemote('doc-a', edits.type('remote'));
      await storage().acknowledge('doc-a', [acked], 12);
      const other = new Edits();
      await storage().appendRemote('doc-b', other.type('other '));
      await storage().appendRemote('doc-b', other.type('doc'));
      await storage().compact('doc-b');
      const before = await storage().load('doc-a');

      const reopened = await reopen();
      const after = await reopened.load('doc-a');
      expect(after).toEqual(before);
      expect(notesOf(after)).toBe('acked pending remote');
      expect(ids(after)).toEqual([pending]);
      expect(after.lastAckedSeq).toBe(12);
      expect((await reopened.docIds()).sort()).toEqual(['doc-a', 'doc-b']);
      expect(await reopened.meta('doc-b')).toMatchObject({ compactions: 1 });
      expect(notesOf(await reopened.load('doc-b'))).toBe('other doc');
      // Ids keep increasing after a reopen: a new entry never reuses one still in the outbox.
      expect(await reopened.appendLocal('doc-a', edits.type('!'), MADE_AT)).toBeGreaterThan(pending);
    });
  });
}
