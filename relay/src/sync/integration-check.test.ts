// SYNC-UPDATE-5/6: what the judge stores is applied by every member and by a fresh joiner.
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { judge } from './integration-check';
import type { GateVerdict } from './integration-check';
import { checkStorable, checkStoredForm, decodeForStore } from './update-invariants';

type Struct = Y.Item | Y.GC;

/** A v1 update of one run of structs of `client` from `clock`, written back to back, and `deletes`. */
function forge(client: number, clock: number, structs: readonly Struct[], deletes: readonly [number, number, number][] = []): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, structs.length === 0 ? 0 : 1);
  if (structs.length > 0) {
    encoding.writeVarUint(encoder.restEncoder, structs.length);
    encoder.writeClient(client);
    encoding.writeVarUint(encoder.restEncoder, clock);
    for (const struct of structs) struct.write(encoder, 0);
  }
  encoding.writeVarUint(encoder.restEncoder, deletes.length);
  for (const [deleteClient, deleteClock, len] of deletes) {
    encoding.writeVarUint(encoder.restEncoder, deleteClient);
    encoding.writeVarUint(encoder.restEncoder, 1);
    encoding.writeVarUint(encoder.restEncoder, deleteClock);
    encoding.writeVarUint(encoder.restEncoder, len);
  }
  return encoder.toUint8Array();
}

/** An item placed after `origin` (its parent follows from the origin), holding `content`. */
function itemAfter(id: Y.ID, origin: Y.ID, content: Y.ContentString | Y.ContentDeleted | Y.ContentAny): Y.Item {
  // The decoded form: Yjs' types only know integrated parents, and this item names none. `content`
  // is made by a real Yjs content constructor.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
  return new Y.Item(id, null, origin, null, null, null as never, null, content);
}

/** A doc with "aXbcdef" by client 11, a mirror of it, a member that holds it and a fresh joiner's base. */
function setting(): { mirror: Y.Doc; member: Y.Doc; base: Uint8Array } {
  const writer = new Y.Doc();
  writer.clientID = 11;
  writer.getText('t').insert(0, 'abc');
  writer.getText('t').insert(3, 'def');
  writer.getText('t').insert(1, 'X');
  const base = Y.encodeStateAsUpdate(writer);
  const mirror = new Y.Doc();
  Y.applyUpdate(mirror, base);
  const member = new Y.Doc();
  member.clientID = 33;
  Y.applyUpdate(member, base);
  return { mirror, member, base };
}

/** What every member and every joiner does with a verdict: apply what was stored. */
function applyEverywhere(verdict: GateVerdict, member: Y.Doc, base: Uint8Array): void {
  if (!('store' in verdict)) return;
  Y.applyUpdate(member, verdict.store);
  Y.applyUpdate(new Y.Doc(), Y.mergeUpdates([base, verdict.store]));
}

describe('SYNC-UPDATE-5 judge: nothing stored is an update a member cannot apply', () => {
  // Seed 20180 of the loadability property (mutations blockClient + structLength): a run of client
  // 22 whose last item is a deleted item of length 0. The mirror integrated it; its update event —
  // what the relay stored and broadcast — held an empty delete range at client 22's state, which
  // every member keeps aside as a delete it cannot apply yet and Yjs' encoder for those throws on
  // ("Unexpected case"): no member and no joiner could apply the stored row.
  it('refuses a deleted item of length 0 at the end of a run (seed 20180)', () => {
    const { mirror, member, base } = setting();
    const update = forge(22, 0, [
      itemAfter(Y.createID(22, 0), Y.createID(11, 0), new Y.ContentString('pp')),
      itemAfter(Y.createID(22, 2), Y.createID(22, 1), new Y.ContentDeleted(0)),
    ]);
    const verdict = judge(mirror, update);
    expect(() => { applyEverywhere(verdict, member, base); }).not.toThrow();
    expect(verdict).toEqual({ refused: expect.stringContaining('covers no clock') as unknown });
  });

  // Yjs' struct store holds every struct under the clocks it covers (`findIndexSS` searches them by
  // clock): a struct of length 0 is found by no clock, and at the end of a run it breaks the search
  // for the whole client — every later edit next to that client's content throws.
  it.each([
    ['an empty string', () => itemAfter(Y.createID(22, 2), Y.createID(22, 1), new Y.ContentString(''))],
    ['an empty list of values', () => itemAfter(Y.createID(22, 2), Y.createID(22, 1), new Y.ContentAny([]))],
    ['a GC range of length 0', () => new Y.GC(Y.createID(22, 2), 0)],
  ])('refuses a struct that covers no clock: %s', (_what, empty) => {
    const { mirror, member, base } = setting();
    const update = forge(22, 0, [itemAfter(Y.createID(22, 0), Y.createID(11, 0), new Y.ContentString('pp')), empty()]);
    const verdict = judge(mirror, update);
    expect(() => { applyEverywhere(verdict, member, base); }).not.toThrow();
    expect(verdict).toEqual({ refused: expect.stringContaining('covers no clock') as unknown });
  });

  it('stores an honest edit as what its integration did, and every member applies it', () => {
    const { mirror, member, base } = setting();
    const writer = new Y.Doc();
    writer.clientID = 22;
    Y.applyUpdate(writer, base);
    const sent: Uint8Array[] = [];
    writer.on('update', (update: Uint8Array) => sent.push(update));
    writer.getText('t').insert(2, 'pp');
    writer.getText('t').delete(0, 1);
    const verdict = judge(mirror, Y.mergeUpdates(sent));
    expect(verdict).toHaveProperty('store');
    applyEverywhere(verdict, member, base);
    expect(member.getText('t').toJSON()).toBe('Xppbcdef');
  });
});

describe('SYNC-UPDATE-5 the stored form', () => {
  it('a received update may hold an empty delete range (it means nothing); a stored one may not', () => {
    const update = forge(0, 0, [], [[22, 2, 0]]);
    expect(checkStorable(decodeForStore(update))).toEqual({ meaningful: false });
    expect(() => { checkStoredForm(decodeForStore(update)); }).toThrow(/empty delete range/);
  });
});
