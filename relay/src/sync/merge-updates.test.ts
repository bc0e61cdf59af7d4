import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MERGE_GROUP_SIZE, MERGE_IN_ONE_CALL, mergeUpdatesInGroups } from './merge-updates';

/** Edits of three clients on one text and one map, with deletions and concurrent inserts. */
function edits(count: number): Uint8Array[] {
  const docs = [1, 2, 3].map((client) => {
    const doc = new Y.Doc();
    doc.clientID = client;
    return doc;
  });
  const updates: Uint8Array[] = [];
  for (const doc of docs) doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < count; i += 1) {
    const doc = docs[i % docs.length] ?? new Y.Doc();
    const text = doc.getText('t');
    if (i % 7 === 6 && text.length > 3) text.delete(1, 2);
    else if (i % 2 === 0) text.insert(Math.min(text.length, i % 5), `e${String(i)} `);
    else doc.getMap('m').set(`k${String(i % 11)}`, i);
    // Every few edits the clients exchange what they have (not every edit: concurrency stays).
    if (i % 10 === 9) for (const other of docs) if (other !== doc) Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
  }
  return updates;
}

const contentOf = (update: Uint8Array) => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return { text: doc.getText('t').toJSON(), map: doc.getMap('m').toJSON(), sv: [...Y.decodeStateVector(Y.encodeStateVector(doc))].sort() };
};

describe('mergeUpdatesInGroups', () => {
  it('gives the doc one Y.mergeUpdates call gives, for more updates than a group, with and without a base', () => {
    const updates = edits(MERGE_GROUP_SIZE * MERGE_GROUP_SIZE + 37);
    expect(updates.length).toBeGreaterThan(MERGE_GROUP_SIZE * MERGE_GROUP_SIZE);
    const whole = Y.mergeUpdates(updates);
    expect(contentOf(mergeUpdatesInGroups(updates))).toEqual(contentOf(whole));
    const split = 1000;
    const base = Y.mergeUpdates(updates.slice(0, split));
    expect(contentOf(mergeUpdatesInGroups(updates.slice(split), base))).toEqual(contentOf(whole));
  });

  it('is Y.mergeUpdates itself up to MERGE_IN_ONE_CALL updates, and for nothing at all', () => {
    const updates = edits(MERGE_IN_ONE_CALL).slice(0, MERGE_IN_ONE_CALL);
    expect(updates).toHaveLength(MERGE_IN_ONE_CALL);
    expect(mergeUpdatesInGroups(updates)).toEqual(Y.mergeUpdates(updates));
    expect(mergeUpdatesInGroups([])).toEqual(Y.mergeUpdates([]));
    const base = updates[0] ?? new Uint8Array();
    expect(mergeUpdatesInGroups([], base)).toEqual(Y.mergeUpdates([base]));
  });
});
