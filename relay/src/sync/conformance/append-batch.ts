import * as Y from 'yjs';
import { expect, it } from 'vitest';
import { createWriter, textOf } from './fixtures';
import { freshDoc, meta, stateOf } from './helpers';
import type { LogAccess } from './helpers';

/** `appendBatch` tests of the UpdateLog conformance suite; `failingAuthorId` names an author whose rows the storage refuses. */
export function appendBatchTests(log: LogAccess, failingAuthorId: string | undefined): void {
  it('gives the stored items of a batch consecutive seqs in item order after the head (SYNC-ACK-2)', async () => {
    const docId = freshDoc();
    const writer = createWriter(601);
    await log().append(docId, writer.type('a'), meta('alice'));
    const items = ['b', 'c', 'd'].map((text, index) => ({ update: writer.type(text), meta: meta(index === 1 ? 'bob' : 'alice', index) }));
    expect(await log().appendBatch(docId, items)).toEqual([
      { seq: 2, duplicate: false },
      { seq: 3, duplicate: false },
      { seq: 4, duplicate: false },
    ]);
    const entries = await log().readSince(docId, 0);
    expect(entries.map((entry) => [entry.seq, entry.authorId])).toEqual([
      [1, 'alice'],
      [2, 'alice'],
      [3, 'bob'],
      [4, 'alice'],
    ]);
    expect(entries[3]?.at.getTime()).toBe(items[2]?.meta.at.getTime());
    expect(textOf(entries.map((entry) => entry.update))).toBe('abcd');
    expect(await log().appendBatch(docId, [])).toEqual([]);
    expect(await log().size(freshDoc())).toMatchObject({ headSeq: 0 });
  });

  it('recognises duplicates inside one batch and against earlier appends, acking the head so far (SYNC-ACK-7)', async () => {
    const docId = freshDoc();
    const writer = createWriter(602);
    const first = writer.type('one ');
    await log().append(docId, first, meta('alice'));
    const second = writer.type('two ');
    const third = writer.type('three');
    const results = await log().appendBatch(
      docId,
      [first, second, second, Y.mergeUpdates([first, second]), third, third].map((update) => ({ update, meta: meta('alice') })),
    );
    expect(results).toEqual([
      { seq: 1, duplicate: true },
      { seq: 2, duplicate: false },
      { seq: 2, duplicate: true },
      { seq: 2, duplicate: true },
      { seq: 3, duplicate: false },
      { seq: 3, duplicate: true },
    ]);
    expect((await log().readSince(docId, 0)).map((entry) => entry.seq)).toEqual([1, 2, 3]);
    expect(textOf(stateOf(await log().loadState(docId)))).toBe('one two three');
  });

  it('refuses an item in the middle of a batch without affecting the others (SYNC-REJ-1)', async () => {
    const docId = freshDoc();
    const writer = createWriter(603);
    const before = writer.type('12');
    const after = writer.type('34');
    const tooBig = createWriter(604).type('x'.repeat(200));
    const limit = before.byteLength + after.byteLength + 10;
    const results = await log().appendBatch(docId, [
      { update: before, meta: { ...meta('alice'), maxStoredBytes: limit } },
      { update: new Uint8Array([255, 255, 255, 255, 1]), meta: meta('mallory') },
      { update: tooBig, meta: { ...meta('bob'), maxStoredBytes: limit } },
      { update: after, meta: { ...meta('alice'), maxStoredBytes: limit } },
    ]);
    expect(results.map((result) => ('refused' in result ? result.refused : result))).toEqual([
      { seq: 1, duplicate: false },
      'invalid_update',
      'doc_too_large',
      { seq: 2, duplicate: false },
    ]);
    expect(await log().size(docId)).toMatchObject({ headSeq: 2, storedBytes: before.byteLength + after.byteLength });
    expect(textOf(stateOf(await log().loadState(docId)))).toBe('1234');
    // The limit counts the items stored earlier in the same batch.
    const [c, d] = [writer.type('5'), writer.type('6')];
    const tight = before.byteLength + after.byteLength + c.byteLength;
    const limited = await log().appendBatch(docId, [c, d].map((update) => ({ update, meta: { ...meta('alice'), maxStoredBytes: tight } })));
    expect(limited.map((result) => ('refused' in result ? result.refused : result.seq))).toEqual([3, 'doc_too_large']);
  });

  it('keeps seqs gapless when batches and single appends race (SYNC-ACK-2)', async () => {
    const docId = freshDoc();
    const writers = Array.from({ length: 12 }, (_, index) => createWriter(610 + index));
    const work = writers.map((writer, index) =>
      index % 3 === 0
        ? log().append(docId, writer.type(`s${String(index)} `), meta('u')).then((result) => [result])
        : log().appendBatch(docId, [0, 1, 2].map((n) => ({ update: writer.type(`b${String(index)}.${String(n)} `), meta: meta('u') }))),
    );
    const seqs = (await Promise.all(work)).flat().map((result) => ('refused' in result ? -1 : result.seq));
    expect(seqs.sort((x, y) => x - y)).toEqual(Array.from({ length: 28 }, (_, index) => index + 1));
    expect(textOf(stateOf(await log().loadState(docId)))).toBe(textOf(writers.flatMap((writer) => writer.updates)));
  });

  if (failingAuthorId === undefined) {
    console.warn('[update log conformance] this adapter cannot be made to fail a transaction: the batch atomicity case (SYNC-ACK-5) runs on PGlite and PostgreSQL only.');
  }
  it.runIf(failingAuthorId !== undefined)('stores nothing of a batch whose transaction fails (SYNC-ACK-5)', async () => {
    const docId = freshDoc();
    const writer = createWriter(630);
    await log().append(docId, writer.type('kept '), meta('alice'));
    const sizeBefore = await log().size(docId);
    const lost = [writer.type('lost '), writer.type('too ')];
    const batch = log().appendBatch(docId, [
      ...lost.map((update) => ({ update, meta: meta('alice') })),
      { update: createWriter(631).type('boom'), meta: meta(failingAuthorId ?? 'unused') },
    ]);
    await expect(batch).rejects.toThrow();
    expect(await log().size(docId)).toEqual(sizeBefore);
    expect((await log().readSince(docId, 0)).map((entry) => entry.seq)).toEqual([1]);
    // The summary was not extended either: the same updates are new, with the next seqs.
    expect(await log().appendBatch(docId, lost.map((update) => ({ update, meta: meta('alice') })))).toEqual([
      { seq: 2, duplicate: false },
      { seq: 3, duplicate: false },
    ]);
  });
}
