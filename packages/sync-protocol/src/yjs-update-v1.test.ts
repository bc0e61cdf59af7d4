import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createRandom } from '@rpg-bot/kit';
import { checkYjsUpdateV1, isYjsUpdateV1 } from './yjs-update-v1';

/** Every kind of content Yjs can put into a v1 update, written by Yjs itself. */
const richDoc = (gc: boolean): { doc: Y.Doc; updates: Uint8Array[] } => {
  const doc = new Y.Doc({ gc });
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const text = doc.getText('notes');
  text.insert(0, 'Crypt of the Lich King 🗝️');
  text.format(0, 5, { bold: true });
  text.insertEmbed(3, { image: 'map.png' });
  text.delete(1, 2);
  const map = doc.getMap<unknown>('state');
  map.set('hp', 12);
  map.set('tags', ['undead', null, true, 1.5, -7, { nested: [1, 2] }]);
  map.set('big', 2n ** 60n);
  map.set('bytes', Uint8Array.of(1, 2, 3));
  map.set('nested', new Y.Map());
  map.set('sub', new Y.Doc({ guid: 'sub-doc' }));
  map.set('hp', 11);
  map.delete('tags');
  const array = doc.getArray<unknown>('initiative');
  array.push(['Aria', Uint8Array.of(9), new Y.Array(), new Y.Text('x')]);
  array.delete(0, 1);
  const xml = doc.getXmlFragment('sheet');
  const element = new Y.XmlElement('stat-block');
  element.setAttribute('cr', '5');
  xml.insert(0, [element, new Y.XmlText('flavour')]);
  map.set('hook', new Y.XmlHook('dice'));
  return { doc, updates };
};

describe('SYNC-UPDATE-1: the structural v1 check agrees with Yjs', () => {
  for (const gc of [true, false]) {
    it(`SYNC-UPDATE-1 accepts every update and full state Yjs writes (gc: ${gc})`, () => {
      const { doc, updates } = richDoc(gc);
      expect(updates.length).toBeGreaterThan(10);
      for (const update of [...updates, Y.encodeStateAsUpdate(doc), Y.mergeUpdates(updates)]) {
        expect(() => { checkYjsUpdateV1(update); }).not.toThrow();
      }
    });
  }

  it('SYNC-UPDATE-1 accepts merged updates with gaps (Skip structs)', () => {
    const { updates } = richDoc(false);
    const withGap = Y.mergeUpdates([updates[0]!, updates[2]!, updates[4]!]);
    expect(() => { checkYjsUpdateV1(withGap); }).not.toThrow();
  });

  it('SYNC-UPDATE-1 accepts updates from random edits by several clients (seed 7)', () => {
    const random = createRandom(7);
    const docs = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
    const seen: Uint8Array[] = [];
    for (const doc of docs) doc.on('update', (u: Uint8Array) => seen.push(u));
    for (let step = 0; step < 300; step++) {
      const doc = docs[random.int(docs.length)]!;
      const text = doc.getText('t');
      const roll = random.int(4);
      if (roll === 0 && text.length > 0) text.delete(random.int(text.length), 1);
      else if (roll === 1) doc.getMap('m').set(`k${random.int(5)}`, random.int(100));
      else text.insert(random.int(text.length + 1), String.fromCharCode(97 + random.int(26)));
      if (random.int(10) === 0) {
        const other = docs[random.int(docs.length)]!;
        Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
      }
    }
    for (const update of seen) expect(() => { checkYjsUpdateV1(update); }).not.toThrow();
  });

  it('SYNC-UPDATE-1 accepts legacy JSON content (only older Yjs versions write it)', () => {
    const json = (text: string): number[] => [text.length, ...new TextEncoder().encode(text)];
    // 1 client with 1 struct (client 1, clock 0): JSON content in root type "a", then an empty delete set.
    const update = Uint8Array.of(1, 1, 1, 0, 2, 1, ...json('a'), 2, ...json('"x"'), ...json('undefined'), 0);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    expect(doc.getArray('a').toJSON()).toEqual(['x', undefined]);
    expect(() => { checkYjsUpdateV1(update); }).not.toThrow();
    const badJson = Uint8Array.of(1, 1, 1, 0, 2, 1, ...json('a'), 1, ...json('{x'), 0);
    expect(() => { checkYjsUpdateV1(badJson); }).toThrow();
  });

  it('SYNC-UPDATE-1 rejects trailing bytes that Y.decodeUpdate would ignore', () => {
    const { doc } = richDoc(true);
    const full = Y.encodeStateAsUpdate(doc);
    const padded = Uint8Array.of(...full, 0);
    expect(() => Y.decodeUpdate(padded)).not.toThrow();
    expect(() => { checkYjsUpdateV1(padded); }).toThrow();
    const v2 = Y.encodeStateAsUpdateV2(doc);
    expect(() => { checkYjsUpdateV1(v2); }).toThrow();
    expect(isYjsUpdateV1(v2)).toBe(false);
    expect(isYjsUpdateV1(full)).toBe(true);
  });
});
