import { expect, it } from 'vitest';
import { createWriter, textOf } from './fixtures';
import { freshDoc, meta, stateOf } from './helpers';
import type { LogAccess } from './helpers';

/** The empty Yjs update: what a repair leaves in a row whose content it dropped. */
const EMPTY_UPDATE = Uint8Array.of(0, 0);

const bytes = (updates: readonly Uint8Array[]): number => updates.reduce((sum, update) => sum + update.byteLength, 0);

/** `rewrite` tests of the UpdateLog conformance suite (the repair of a damaged doc, SYNC-UPDATE-7). */
export function rewriteTests(log: LogAccess): void {
  it('SYNC-UPDATE-7 replaces a tail row in place: seqs, authors and times stay, size and duplicates follow the new bytes', async () => {
    const docId = freshDoc();
    const writer = createWriter(41);
    const [a, b, c] = [writer.type('keep '), writer.type('drop '), writer.type('also kept')];
    await log().append(docId, a, meta('alice', 1));
    await log().append(docId, b, meta('mallory', 2));
    await log().append(docId, c, meta('alice', 3));
    await log().rewrite(docId, { entries: new Map([[2, EMPTY_UPDATE]]) });

    const loaded = await log().loadState(docId);
    expect(loaded.tail.map((entry) => entry.seq)).toEqual([1, 2, 3]);
    expect(loaded.tail.map((entry) => entry.authorId)).toEqual(['alice', 'mallory', 'alice']);
    expect(loaded.tail.map((entry) => entry.at.getTime())).toEqual([1, 2, 3].map((minutes) => meta('alice', minutes).at.getTime()));
    expect(loaded.tail[0]?.update).toEqual(a);
    expect(loaded.tail[1]?.update).toEqual(EMPTY_UPDATE);
    expect(loaded.tail[2]?.update).toEqual(c);
    expect((await log().readSince(docId, 1)).map((entry) => entry.update)).toEqual([EMPTY_UPDATE, c]);
    const size = await log().size(docId);
    expect(size).toMatchObject({ headSeq: 3, snapshotSeq: 0, storedBytes: bytes([a, EMPTY_UPDATE, c]), tailBytes: bytes([a, EMPTY_UPDATE, c]) });
    // What was dropped is no longer in the doc: sent again, it is new (the summary was recomputed).
    expect(await log().append(docId, b, meta('alice', 4))).toEqual({ seq: 4, duplicate: false });
    // What was kept still is.
    expect(await log().append(docId, a, meta('alice', 5))).toEqual({ seq: 4, duplicate: true });
  });

  it('replaces the snapshot, ignores seqs outside the tail, and leaves other docs alone', async () => {
    const docId = freshDoc();
    const other = freshDoc();
    const writer = createWriter(42);
    for (const word of ['one ', 'two ', 'three ']) await log().append(docId, writer.type(word), meta('alice'));
    await log().append(other, createWriter(43).type('untouched'), meta('bob'));
    await log().compact(docId, { keepHistory: false });
    const tailUpdate = writer.type('four');
    await log().append(docId, tailUpdate, meta('alice'));
    const replacement = createWriter(44).type('replaced snapshot ');
    await log().rewrite(docId, { snapshot: replacement, entries: new Map([[1, EMPTY_UPDATE], [99, EMPTY_UPDATE]]) });

    const loaded = await log().loadState(docId);
    expect(loaded.snapshotSeq).toBe(3);
    expect(loaded.snapshot).toEqual(replacement);
    expect(loaded.tail.map((entry) => [entry.seq, entry.update])).toEqual([[4, tailUpdate]]);
    expect(textOf(stateOf(loaded))).toBe('replaced snapshot ');
    expect((await log().size(docId)).storedBytes).toBe(bytes([replacement, tailUpdate]));
    expect(textOf(stateOf(await log().loadState(other)))).toBe('untouched');
  });

  it('SYNC-UPDATE-7 replaces a kept checkpoint with a base holding the given state, and nothing else of the history', async () => {
    const docId = freshDoc();
    const writer = createWriter(45);
    // Three author sessions: three kept checkpoints (1, 2, 3), the last at the snapshot.
    await log().append(docId, writer.type('one '), meta('alice', 1));
    await log().append(docId, writer.type('two '), meta('bob', 2));
    await log().append(docId, writer.type('three'), meta('alice', 3));
    await log().compact(docId, { keepHistory: true });
    const before = await log().checkpoints(docId);
    expect(before.map((checkpoint) => checkpoint.seq)).toEqual([1, 2, 3]);
    const replacement = createWriter(46).type('rebased ');
    await log().rewrite(docId, { checkpoints: new Map([[2, replacement], [99, replacement]]) });

    expect(await log().checkpoints(docId)).toEqual(before);
    expect(textOf([await log().stateAt(docId, 1)])).toBe('one ');
    expect(textOf([await log().stateAt(docId, 2)])).toBe('rebased ');
    expect(textOf([await log().stateAt(docId, 3)])).toBe('one two three');
  });
}
