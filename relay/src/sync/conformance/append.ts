import * as Y from 'yjs';
import { expect, it } from 'vitest';
import { createWriter, textOf } from './fixtures';
import { seededRandom } from '@rpg-bot/kit';
import { minute, t0, freshDoc, meta, stateOf, rejectionCode } from './helpers';
import type { LogAccess } from './helpers';

/** Append tests of the UpdateLog conformance suite. */
export function appendTests(log: LogAccess): void {
  it('assigns seqs 1, 2, 3 … per doc and reads them back in order (SYNC-ACK-2)', async () => {
    const [a, b] = [freshDoc(), freshDoc()];
    const writer = createWriter(1);
    expect(await log().append(a, writer.type('he'), meta('alice'))).toEqual({ seq: 1, duplicate: false });
    expect(await log().append(a, writer.type('llo'), meta('alice', 1))).toEqual({ seq: 2, duplicate: false });
    expect(await log().append(b, createWriter(2).type('x'), meta('bob'))).toEqual({ seq: 1, duplicate: false });
    const entries = await log().readSince(a, 0);
    expect(entries.map((entry) => [entry.seq, entry.authorId, entry.at.getTime()])).toEqual([
      [1, 'alice', t0],
      [2, 'alice', t0 + minute],
    ]);
    expect(textOf(entries.map((entry) => entry.update))).toBe('hello');
    expect((await log().readSince(a, 1)).map((entry) => entry.seq)).toEqual([2]);
    expect(await log().readSince(freshDoc(), 0)).toEqual([]);
    const loaded = await log().loadState(a);
    expect(loaded.snapshot).toBeNull();
    expect(loaded.snapshotSeq).toBe(0);
  });

  it('gives many parallel appends the seqs 1..N without gaps or duplicates (SYNC-ACK-2)', async () => {
    const docId = freshDoc();
    const writers = Array.from({ length: 40 }, (_, index) => createWriter(100 + index));
    const results = await Promise.all(writers.map((writer, index) => log().append(docId, writer.type(`w${String(index)} `), meta(`u${String(index)}`))));
    expect(results.every((result) => !result.duplicate)).toBe(true);
    expect(results.map((result) => result.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, index) => index + 1));
    const entries = await log().readSince(docId, 0);
    expect(entries.map((entry) => entry.seq)).toEqual(Array.from({ length: 40 }, (_, index) => index + 1));
    const expected = textOf(writers.flatMap((writer) => writer.updates));
    expect(textOf(entries.map((entry) => entry.update))).toBe(expected);
  });

  it('recognises a re-sent update and answers with the head seq without storing it (SYNC-ACK-7)', async () => {
    const docId = freshDoc();
    const alice = createWriter(7);
    const first = alice.type('one ');
    const second = alice.type('two ');
    await log().append(docId, first, meta('alice'));
    await log().append(docId, second, meta('alice'));
    await log().append(docId, createWriter(8).type('bob'), meta('bob'));
    // After a reconnect the client re-sends its unacknowledged updates merged into one (SYNC-ACK-6).
    expect(await log().append(docId, Y.mergeUpdates([first, second]), meta('alice'))).toEqual({ seq: 3, duplicate: true });
    expect(await log().append(docId, first, meta('alice'))).toEqual({ seq: 3, duplicate: true });
    const deletion = alice.erase(0, 4);
    expect(await log().append(docId, deletion, meta('alice'))).toEqual({ seq: 4, duplicate: false });
    expect(await log().append(docId, deletion, meta('alice'))).toEqual({ seq: 4, duplicate: true });
    // An update that adds anything is stored, even if most of it is known.
    const third = alice.type('three');
    expect(await log().append(docId, Y.mergeUpdates([first, third]), meta('alice'))).toEqual({ seq: 5, duplicate: false });
    expect((await log().readSince(docId, 0)).length).toBe(5);
  });

  it('stores an update whose dependencies have not arrived and still recognises it when re-sent', async () => {
    const docId = freshDoc();
    const alice = createWriter(9);
    const first = alice.type('a');
    const second = alice.type('b');
    expect(await log().append(docId, second, meta('alice'))).toEqual({ seq: 1, duplicate: false });
    expect(await log().append(docId, first, meta('alice'))).toEqual({ seq: 2, duplicate: false });
    expect(await log().append(docId, first, meta('alice'))).toEqual({ seq: 2, duplicate: true });
    expect(textOf(stateOf(await log().loadState(docId)))).toBe('ab');
  });

  it('never calls an update duplicate that adds anything (seeded random re-sends, merges and reordering)', async () => {
    const docId = freshDoc();
    const random = seededRandom(0x5eed);
    const writers = [createWriter(301), createWriter(302), createWriter(303)];
    const produced: Uint8Array[] = [];
    const stored: Uint8Array[] = [];
    let duplicates = 0;
    for (let step = 0; step < 120; step += 1) {
      const writer = writers[Math.floor(random() * writers.length)] ?? writers[0];
      if (writer === undefined) throw new Error('no writer');
      const length = writer.doc.getText('t').length;
      produced.push(length > 2 && random() < 0.3 ? writer.erase(Math.floor(random() * (length - 1)), 1) : writer.type(String(step % 10)));
      // Send a random recent update, a merge of several, or re-send an old one.
      const pick = (): Uint8Array => produced[Math.floor(random() * produced.length)] ?? new Uint8Array();
      const candidate = random() < 0.3 ? Y.mergeUpdates([pick(), pick(), pick()]) : pick();
      const before = new Y.Doc();
      for (const update of stored) Y.applyUpdate(before, update);
      const snapshotBefore = Y.snapshot(before);
      const result = await log().append(docId, candidate, meta('w'));
      if (result.duplicate) {
        duplicates += 1;
        Y.applyUpdate(before, candidate);
        expect(Y.equalSnapshots(snapshotBefore, Y.snapshot(before))).toBe(true);
      } else {
        stored.push(candidate);
      }
    }
    // Both branches must have been exercised for the check above to mean anything.
    expect(duplicates).toBeGreaterThan(10);
    expect(stored.length).toBeGreaterThan(10);
    for (const update of produced) await log().append(docId, update, meta('w'));
    expect(textOf(stateOf(await log().loadState(docId)))).toBe(textOf(produced));
  });

  it('rejects bytes that are not a Yjs update and stores nothing', async () => {
    const docId = freshDoc();
    expect(await rejectionCode(log().append(docId, new Uint8Array([255, 255, 255, 255, 1]), meta('mallory')))).toBe('invalid_update');
    expect(await log().readSince(docId, 0)).toEqual([]);
    expect((await log().size(docId)).headSeq).toBe(0);
  });

  it('refuses an update that would take the doc past maxStoredBytes, but still answers duplicates', async () => {
    const docId = freshDoc();
    const writer = createWriter(41);
    const first = writer.type('12345');
    await log().append(docId, first, { ...meta('alice'), maxStoredBytes: first.byteLength });
    const second = writer.type('6');
    const refused = log().append(docId, second, { ...meta('alice'), maxStoredBytes: first.byteLength + second.byteLength - 1 });
    expect(await rejectionCode(refused)).toBe('doc_too_large');
    expect(await log().append(docId, first, { ...meta('alice'), maxStoredBytes: 1 })).toEqual({ seq: 1, duplicate: true });
    expect(await log().size(docId)).toEqual({ headSeq: 1, snapshotSeq: 0, storedBytes: first.byteLength, tailBytes: first.byteLength });
    const parallel = await Promise.allSettled(
      [writer.type('a'), writer.type('b'), writer.type('c')].map((update) =>
        log().append(docId, update, { ...meta('alice'), maxStoredBytes: first.byteLength + second.byteLength + 1 }),
      ),
    );
    expect(parallel.filter((result) => result.status === 'fulfilled').length).toBe(1);
    expect((await log().size(docId)).storedBytes).toBeLessThanOrEqual(first.byteLength + second.byteLength + 1);
  });
}
