import * as Y from 'yjs';

/** A Y.Doc that records every update it produces, like a client would send them. */
export interface Writer {
  readonly doc: Y.Doc;
  /** Updates produced since the writer was made, in order. */
  readonly updates: Uint8Array[];
  /** Appends `text` to the shared text and returns the update it produced. */
  type(text: string): Uint8Array;
  /** Deletes `length` characters at `index` and returns the update. */
  erase(index: number, length: number): Uint8Array;
}

export function createWriter(clientId: number): Writer {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => {
    updates.push(update);
  });
  const last = (): Uint8Array => {
    const update = updates.at(-1);
    if (update === undefined) throw new Error('the edit produced no update');
    return update;
  };
  return {
    doc,
    updates,
    type(text) {
      const shared = doc.getText('t');
      shared.insert(shared.length, text);
      return last();
    },
    erase(index, length) {
      doc.getText('t').delete(index, length);
      return last();
    },
  };
}

/** The text a set of updates produces when applied to a fresh doc (in any order: Yjs converges). */
export function textOf(updates: readonly Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc.getText('t').toJSON();
}

/** True when applying `updates` leaves nothing pending (no missing dependency). */
export function isComplete(updates: readonly Uint8Array[]): boolean {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc.store.pendingStructs === null && doc.store.pendingDs === null;
}
