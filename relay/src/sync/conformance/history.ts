import { expect, it } from 'vitest';
import { createWriter, textOf } from './fixtures';
import { minute, t0, freshDoc, meta, rejectionCode } from './helpers';
import type { LogAccess } from './helpers';

/** History tests of the UpdateLog conformance suite. */
export function historyTests(log: LogAccess): void {
  it('serves the doc at every seq before compaction (stateAt)', async () => {
    const docId = freshDoc();
    const writer = createWriter(12);
    const texts: string[] = [''];
    for (const word of ['x', 'y', 'z']) {
      await log().append(docId, writer.type(word), meta('alice'));
      texts.push(writer.doc.getText('t').toJSON());
    }
    await log().append(docId, writer.erase(0, 1), meta('alice'));
    texts.push(writer.doc.getText('t').toJSON());
    for (const [seq, text] of texts.entries()) expect(textOf([await log().stateAt(docId, seq)])).toBe(text);
    expect(await rejectionCode(log().stateAt(docId, 5))).toBe('unknown_seq');
    expect(await rejectionCode(log().stateAt(docId, -1))).toBe('unknown_seq');
    expect((await log().checkpoints(docId)).map((checkpoint) => checkpoint.seq)).toEqual([1, 2, 3, 4]);
  });

  it('keeps a checkpoint per author session through compaction and serves the doc there', async () => {
    const docId = freshDoc();
    const alice = createWriter(21);
    const bob = createWriter(22);
    const texts = new Map<number, string>();
    const steps: [ReturnType<typeof createWriter>, string, string, number][] = [
      [alice, 'a1', 'alice', 0],
      [alice, 'a2', 'alice', 1],
      [bob, 'b1', 'bob', 2],
      [bob, 'b2', 'bob', 3],
      [alice, 'a3', 'alice', 4],
      [alice, 'a4', 'alice', 60],
    ];
    const sent: Uint8Array[] = [];
    for (const [writer, text, author, minutes] of steps) {
      const update = writer.type(text);
      sent.push(update);
      const { seq } = await log().append(docId, update, meta(author, minutes));
      texts.set(seq, textOf(sent));
    }
    await log().compact(docId, { keepHistory: true });
    const checkpoints = await log().checkpoints(docId);
    // Sessions: alice 1–2, bob 3–4, alice 5 (then a pause longer than the session gap), alice 6.
    expect(checkpoints.map((checkpoint) => [checkpoint.seq, checkpoint.authorId])).toEqual([
      [2, 'alice'],
      [4, 'bob'],
      [5, 'alice'],
      [6, 'alice'],
    ]);
    expect(checkpoints[0]?.at.getTime()).toBe(t0 + minute);
    for (const { seq } of checkpoints) expect(textOf([await log().stateAt(docId, seq)])).toBe(texts.get(seq));
    expect(await rejectionCode(log().stateAt(docId, 1))).toBe('history_unavailable');
    // A later compaction extends the history chain; the earlier range's last seq stays a checkpoint.
    const late = alice.type('!');
    await log().append(docId, late, meta('alice', 61));
    await log().compact(docId, { keepHistory: true });
    expect((await log().checkpoints(docId)).map((checkpoint) => checkpoint.seq)).toEqual([2, 4, 5, 6, 7]);
    expect(textOf([await log().stateAt(docId, 4)])).toBe(texts.get(4));
    expect(textOf([await log().stateAt(docId, 7)])).toBe(textOf([...sent, late]));
  });

  it('forgets the compacted history when keepHistory is false, and counts stored bytes', async () => {
    const docId = freshDoc();
    const writer = createWriter(31);
    const updates = ['p', 'q', 'r'].map((text) => writer.type(text));
    for (const update of updates) await log().append(docId, update, meta('alice'));
    const appended = updates.reduce((total, update) => total + update.byteLength, 0);
    expect(await log().size(docId)).toEqual({ headSeq: 3, snapshotSeq: 0, storedBytes: appended, tailBytes: appended });
    await log().compact(docId, { keepHistory: true });
    await log().compact(docId, { keepHistory: false });
    const extra = writer.type('s');
    await log().append(docId, extra, meta('alice'));
    await log().compact(docId, { keepHistory: false });
    const tail = writer.type('t');
    await log().append(docId, tail, meta('alice'));
    expect((await log().checkpoints(docId)).map((checkpoint) => checkpoint.seq)).toEqual([4, 5]);
    expect(await rejectionCode(log().stateAt(docId, 3))).toBe('history_unavailable');
    expect(textOf([await log().stateAt(docId, 4)])).toBe('pqrs');
    const loaded = await log().loadState(docId);
    const snapshotBytes = loaded.snapshot?.byteLength ?? 0;
    // The snapshot and the tail; the base checkpoint that restarts history is not the doc's size.
    expect(await log().size(docId)).toEqual({ headSeq: 5, snapshotSeq: 4, storedBytes: snapshotBytes + tail.byteLength, tailBytes: tail.byteLength });
  });
}
