import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { replaceText, textDiff } from './replace-text';

function sync(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

describe('textDiff', () => {
  it('finds the one splice between two strings', () => {
    expect(textDiff('hello world', 'hello brave world')).toEqual({ start: 6, deleteCount: 0, insert: 'brave ' });
    expect(textDiff('abc', '')).toEqual({ start: 0, deleteCount: 3, insert: '' });
    expect(textDiff('', 'abc')).toEqual({ start: 0, deleteCount: 0, insert: 'abc' });
    expect(textDiff('aaa', 'aa')).toEqual({ start: 2, deleteCount: 1, insert: '' });
  });

  it('never splits a surrogate pair', () => {
    const from = 'x\u{1F600}y';
    const to = 'x\u{1F601}y';
    const { start, deleteCount, insert } = textDiff(from, to);
    expect(from.slice(0, start) + insert + from.slice(start + deleteCount)).toBe(to);
    expect(insert).toBe('\u{1F601}');
  });
});

describe('replaceText', () => {
  it('replaces the content in one transaction', () => {
    const doc = new Y.Doc();
    const text = doc.getText('notes');
    text.insert(0, 'The dragon sleeps.');
    let transactions = 0;
    doc.on('afterTransaction', () => {
      transactions += 1;
    });
    expect(replaceText(text, 'The dragon is awake!')).toBe(true);
    expect(text.toJSON()).toBe('The dragon is awake!');
    expect(transactions).toBe(1);
    expect(replaceText(text, 'The dragon is awake!')).toBe(false);
    expect(transactions).toBe(1);
  });

  it('is a new edit that reaches other replicas and keeps their concurrent edits', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getText('notes').insert(0, 'Intro\nMiddle\nEnd');
    sync(a, b);
    // b edits the end while a restores an older middle.
    b.getText('notes').insert(b.getText('notes').length, ' (b)');
    replaceText(a.getText('notes'), 'Intro\nOld middle\nEnd');
    sync(a, b);
    sync(b, a);
    expect(a.getText('notes').toJSON()).toBe('Intro\nOld middle\nEnd (b)');
    expect(b.getText('notes').toJSON()).toBe(a.getText('notes').toJSON());
  });
});
