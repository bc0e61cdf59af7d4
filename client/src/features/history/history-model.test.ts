import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { replaceText } from '../shared/replace-text';
import { canRestore, docChoices, groupVersions, notesAtVersion } from './history-model';

describe('docChoices', () => {
  it('offers the GM doc to the GM only', () => {
    const docs = { shared: 's', gm: 'g', private: 'p' };
    expect(docChoices({ role: 'gm', docs }).map((c) => c.kind)).toEqual(['shared', 'private', 'gm']);
    expect(docChoices({ role: 'player', docs }).map((c) => c.kind)).toEqual(['shared', 'private']);
    expect(docChoices({ role: 'viewer', docs: { shared: 's', private: 'p' } }).map((c) => c.docId)).toEqual(['s', 'p']);
  });
});

describe('canRestore', () => {
  it('follows who may write each doc', () => {
    expect(canRestore('shared', 'player')).toBe(true);
    expect(canRestore('shared', 'viewer')).toBe(false);
    expect(canRestore('private', 'viewer')).toBe(true);
    expect(canRestore('gm', 'gm')).toBe(true);
    expect(canRestore('gm', 'player')).toBe(false);
  });
});

describe('notesAtVersion', () => {
  it('reads the notes text of an encoded version', () => {
    const doc = new Y.Doc();
    doc.getText('notes').insert(0, 'Chapter 1');
    doc.getMap('characters').set('x', 1);
    expect(notesAtVersion(Y.encodeStateAsUpdate(doc))).toBe('Chapter 1');
  });

  it('restoring a version is a new edit on top of the current state', () => {
    const live = new Y.Doc();
    const notes = live.getText('notes');
    notes.insert(0, 'Version one');
    const old = Y.encodeStateAsUpdate(live);
    notes.delete(0, notes.length);
    notes.insert(0, 'Version two, much later');
    const before = Y.encodeStateVector(live);

    replaceText(notes, notesAtVersion(old));

    expect(notes.toJSON()).toBe('Version one');
    // The restore travels as an ordinary update that another replica at "version two" can apply.
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(live, new Uint8Array([0])));
    expect(replica.getText('notes').toJSON()).toBe('Version one');
    expect(Y.encodeStateAsUpdate(live, before).length).toBeGreaterThan(0);
  });
});

describe('groupVersions', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 10, minute)).toISOString();

  it('folds runs of one author into sessions, newest first', () => {
    const checkpoints = [
      { seq: 9, at: at(30), authorId: 'a' },
      { seq: 8, at: at(29), authorId: 'a' },
      { seq: 7, at: at(27), authorId: 'a' },
      { seq: 6, at: at(26), authorId: 'b' },
      { seq: 5, at: at(25), authorId: 'a' },
      // More than five minutes earlier: a new session of the same author.
      { seq: 4, at: at(10), authorId: 'a' },
      { seq: 3, at: at(9), authorId: 'a' },
    ];
    expect(groupVersions(checkpoints).map((g) => [g.checkpoint.seq, g.edits])).toEqual([
      [9, 3],
      [6, 1],
      [5, 1],
      [4, 2],
    ]);
  });

  it('measures the gap from the oldest edit of the run, so a long steady session stays one', () => {
    const checkpoints = Array.from({ length: 20 }, (_, i) => ({ seq: 20 - i, at: at(40 - i * 2), authorId: 'a' }));
    expect(groupVersions(checkpoints)).toHaveLength(1);
    expect(groupVersions([])).toEqual([]);
  });
});
