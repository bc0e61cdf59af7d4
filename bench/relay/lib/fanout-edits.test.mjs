import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { readStamps, writeEdit } from './fanout-edits.mjs';

describe('fan-out edits', () => {
  it('carry their index and send time in the update bytes, for text and map edits alike', () => {
    const doc = new Y.Doc();
    /** @type {Uint8Array[]} */
    const updates = [];
    doc.on('update', (/** @type {Uint8Array} */ update) => updates.push(update));
    for (let index = 0; index < 6; index += 1) writeEdit(doc, index, 1_700_000_000_000.125 + index);
    expect(updates).toHaveLength(6);
    /** @type {[number, number][]} */
    const stamps = [];
    for (const update of updates) readStamps(update, (index, sentAt) => stamps.push([index, sentAt]));
    expect(stamps).toEqual([0, 1, 2, 3, 4, 5].map((index) => [index, 1_700_000_000_000.125 + index]));
  });

  it('are found inside a y-websocket sync-update frame too', () => {
    const doc = new Y.Doc();
    /** @type {Uint8Array[]} */
    const updates = [];
    doc.on('update', (/** @type {Uint8Array} */ update) => updates.push(update));
    writeEdit(doc, 7, 42.5);
    const update = updates[0] ?? new Uint8Array();
    const frame = new Uint8Array([0, 2, update.length, ...update]);
    /** @type {number[]} */
    const seen = [];
    readStamps(frame.subarray(2), (index, sentAt) => seen.push(index, sentAt));
    expect(seen).toEqual([7, 42.5]);
  });
});
