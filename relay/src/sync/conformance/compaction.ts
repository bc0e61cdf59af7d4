import { expect, it } from 'vitest';
import { createWriter, isComplete, textOf } from './fixtures';
import { freshDoc, meta, stateOf, rejectionCode } from './helpers';
import type { LogAccess } from './helpers';
import type { CompactResult } from '../types';

/** Compaction tests of the UpdateLog conformance suite. */
export function compactionTests(log: LogAccess): void {
  it('compacts into a snapshot that holds the same doc, and readSince before it says compacted', async () => {
    const docId = freshDoc();
    const writer = createWriter(11);
    for (const word of ['a', 'b', 'c', 'd']) await log().append(docId, writer.type(word), meta('alice'));
    expect(await log().compact(docId, { keepHistory: true })).toEqual({ compacted: true, snapshotSeq: 4 });
    await log().append(docId, writer.type('e'), meta('alice'));
    const loaded = await log().loadState(docId);
    expect(loaded.snapshotSeq).toBe(4);
    expect(loaded.tail.map((entry) => entry.seq)).toEqual([5]);
    expect(textOf(stateOf(loaded))).toBe('abcde');
    expect(await rejectionCode(log().readSince(docId, 2))).toBe('compacted');
    expect((await log().readSince(docId, 4)).map((entry) => entry.seq)).toEqual([5]);
    expect(await log().compact(freshDoc(), { keepHistory: true })).toEqual({ compacted: false, snapshotSeq: 0 });
    // Duplicate recognition survives compaction.
    expect(await log().append(docId, writer.updates[0] ?? new Uint8Array(), meta('alice'))).toEqual({ seq: 5, duplicate: true });
  });

  it('loses nothing when compactions race appends', async () => {
    const docId = freshDoc();
    const writers = Array.from({ length: 6 }, (_, index) => createWriter(200 + index));
    const work: Promise<unknown>[] = [];
    const compactions: Promise<CompactResult>[] = [];
    for (let round = 0; round < 8; round += 1) {
      for (const [index, writer] of writers.entries()) {
        work.push(log().append(docId, writer.type(`${String(index)}.${String(round)} `), meta(`u${String(index)}`, round)));
      }
      compactions.push(log().compact(docId, { keepHistory: round % 2 === 0 }));
    }
    await Promise.all(work);
    // At least one compaction must have folded a prefix while appends were in flight, or there was no race.
    expect((await Promise.all(compactions)).some((result) => result.compacted && result.snapshotSeq < 48)).toBe(true);
    await log().compact(docId, { keepHistory: true });
    const loaded = await log().loadState(docId);
    const all = writers.flatMap((writer) => writer.updates);
    expect(textOf(stateOf(loaded))).toBe(textOf(all));
    expect(isComplete(stateOf(loaded))).toBe(true);
    const seqs = [loaded.snapshotSeq, ...loaded.tail.map((entry) => entry.seq)];
    expect(seqs.at(-1)).toBe(48);
    expect(await log().size(docId)).toMatchObject({ headSeq: 48, snapshotSeq: 48 });
  });
}
