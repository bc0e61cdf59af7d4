import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { revertUpdate } from './revert-update';

/** The update of one transaction on `doc`. */
function capture(doc: Y.Doc, change: () => void): Uint8Array {
  let captured: Uint8Array | undefined;
  const listener = (update: Uint8Array) => { captured = update; };
  doc.on('update', listener);
  doc.transact(change);
  doc.off('update', listener);
  if (captured === undefined) throw new Error('no update');
  return captured;
}

describe('revertUpdate', () => {
  it('deletes what a refused paste inserted and returns a replacement of a few bytes that lets later edits sync', () => {
    const device = new Y.Doc();
    const relay = new Y.Doc();
    const first = capture(device, () => { device.getText('notes').insert(0, 'Session 12: '); });
    Y.applyUpdate(relay, first);
    const paste = capture(device, () => { device.getText('notes').insert(12, 'x'.repeat(2_000_000)); });
    const replacement = revertUpdate(device, paste, 'revert');
    expect(device.getText('notes').toJSON()).toBe('Session 12: ');
    expect(replacement.byteLength).toBeLessThan(100);
    // Typed after the revert, next to where the paste was: it depends on the paste's ids.
    const later = capture(device, () => { device.getText('notes').insert(12, 'the lich returns'); });
    Y.applyUpdate(relay, replacement);
    Y.applyUpdate(relay, later);
    expect(relay.getText('notes').toJSON()).toBe('Session 12: the lich returns');
    // Nothing pending: the relay could integrate everything.
    expect(relay.store.pendingStructs).toBeNull();
    expect(Y.encodeStateVector(relay)).toEqual(Y.encodeStateVector(device));
  });

  it('keeps what the refused update deleted, so both sides agree', () => {
    const device = new Y.Doc();
    const relay = new Y.Doc();
    Y.applyUpdate(relay, capture(device, () => { device.getText('notes').insert(0, 'old text here'); }));
    const replaceSelection = capture(device, () => {
      device.getText('notes').delete(0, 3);
      device.getText('notes').insert(0, 'y'.repeat(100_000));
    });
    const replacement = revertUpdate(device, replaceSelection, 'revert');
    expect(device.getText('notes').toJSON()).toBe(' text here');
    Y.applyUpdate(relay, replacement);
    expect(relay.getText('notes').toJSON()).toBe(' text here');
  });

  it('reverts a paste on a doc the relay has nothing of yet', () => {
    const device = new Y.Doc();
    const paste = capture(device, () => { device.getMap('sheet').set('bio', 'z'.repeat(50_000)); });
    const replacement = revertUpdate(device, paste, 'revert');
    expect(device.getMap('sheet').get('bio')).toBeUndefined();
    const relay = new Y.Doc();
    Y.applyUpdate(relay, replacement);
    expect(relay.getMap('sheet').get('bio')).toBeUndefined();
    expect(Y.encodeStateVector(relay)).toEqual(Y.encodeStateVector(device));
    expect(replacement.byteLength).toBeLessThan(100);
  });

  it('returns a content-free replacement when called from inside the update event of the paste (a nested transaction)', () => {
    const device = new Y.Doc();
    let replacement: Uint8Array | undefined;
    const listener = (update: Uint8Array) => {
      device.off('update', listener);
      replacement = revertUpdate(device, update, 'revert');
    };
    device.on('update', listener);
    device.getText('notes').insert(0, 'q'.repeat(1_000_000));
    expect(device.getText('notes').toJSON()).toBe('');
    expect(replacement?.byteLength).toBeLessThan(100);
  });
});
