import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  abilityModifier,
  addItem,
  charactersOf,
  checkNumber,
  createCharacter,
  formatModifier,
  listCharacters,
  notesOf,
  readCharacter,
  removeCharacter,
  removeItem,
  setNumber,
  setText,
} from './character-model';

function sync(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

describe('checkNumber', () => {
  it('accepts integers in range', () => {
    expect(checkNumber('level', '20')).toEqual({ ok: true, value: 20 });
    expect(checkNumber('hpCurrent', ' 0 ')).toEqual({ ok: true, value: 0 });
    expect(checkNumber('str', '30')).toEqual({ ok: true, value: 30 });
  });

  it('explains what is wrong', () => {
    expect(checkNumber('level', '')).toMatchObject({ ok: false, error: 'required' });
    expect(checkNumber('level', '2.5')).toMatchObject({ ok: false, error: 'notInteger' });
    expect(checkNumber('level', 'ten')).toMatchObject({ ok: false, error: 'notInteger' });
    expect(checkNumber('level', '21')).toEqual({ ok: false, error: 'range', min: 1, max: 20 });
    expect(checkNumber('level', '0')).toMatchObject({ ok: false, error: 'range' });
    expect(checkNumber('hpMax', '-1')).toMatchObject({ ok: false, error: 'range', min: 0 });
    expect(checkNumber('dex', '31')).toMatchObject({ ok: false, error: 'range', max: 30 });
    expect(checkNumber('dex', '0')).toMatchObject({ ok: false, error: 'range', min: 1 });
  });
});

describe('ability modifiers', () => {
  it('follows ⌊(score − 10) / 2⌋', () => {
    expect([1, 8, 9, 10, 11, 12, 15, 20, 30].map(abilityModifier)).toEqual([-5, -1, -1, 0, 0, 1, 2, 5, 10]);
  });

  it('formats with a sign', () => {
    expect(formatModifier(2)).toBe('+2');
    expect(formatModifier(0)).toBe('+0');
    expect(formatModifier(-1)).toBe('\u22121');
  });
});

describe('characters in the shared doc', () => {
  it('creates a character with defaults, edits and lists it', () => {
    const doc = new Y.Doc();
    const id = createCharacter(doc, '  Mira  ', () => 'c1');
    const map = charactersOf(doc).get(id)!;
    setText(map, 'className', 'Rogue');
    setNumber(map, 'level', 3);
    setNumber(map, 'dex', 17);
    expect(addItem(map, ' Rope ')).toBe(true);
    expect(addItem(map, '   ')).toBe(false);
    addItem(map, 'Lockpicks');
    removeItem(map, 0);
    notesOf(map).insert(0, 'Owes the guild.');

    expect(listCharacters(charactersOf(doc))).toEqual([
      {
        id: 'c1',
        name: 'Mira',
        className: 'Rogue',
        level: 3,
        hpCurrent: 10,
        hpMax: 10,
        scores: { str: 10, dex: 17, con: 10, int: 10, wis: 10, cha: 10 },
        inventory: ['Lockpicks'],
        portrait: null,
      },
    ]);
    expect(notesOf(map).toJSON()).toBe('Owes the guild.');
  });

  it('refuses to store an invalid number', () => {
    const doc = new Y.Doc();
    const map = charactersOf(doc).get(createCharacter(doc, 'A', () => 'a'))!;
    expect(() => {
      setNumber(map, 'level', 21);
    }).toThrow(RangeError);
    expect(readCharacter('a', map).level).toBe(1);
  });

  it('reads bad remote values as defaults', () => {
    const doc = new Y.Doc();
    const map = new Y.Map<unknown>();
    charactersOf(doc).set('x', map);
    map.set('level', 99);
    map.set('name', 42);
    map.set('inventory', 'not an array');
    expect(readCharacter('x', map)).toMatchObject({ name: '', level: 1, inventory: [] });
  });

  it('merges concurrent edits of different fields and removes characters everywhere', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const id = createCharacter(a, 'Bran', () => 'b1');
    sync(a, b);
    setNumber(charactersOf(a).get(id)!, 'hpCurrent', 4);
    addItem(charactersOf(b).get(id)!, 'Shield');
    sync(a, b);
    sync(b, a);
    expect(listCharacters(charactersOf(a))).toEqual(listCharacters(charactersOf(b)));
    expect(listCharacters(charactersOf(a))[0]).toMatchObject({ hpCurrent: 4, inventory: ['Shield'] });

    removeCharacter(b, id);
    sync(b, a);
    expect(listCharacters(charactersOf(a))).toEqual([]);
  });

  it('sorts by name, then id', () => {
    const doc = new Y.Doc();
    createCharacter(doc, 'Zed', () => 'z');
    createCharacter(doc, 'Ann', () => 'b');
    createCharacter(doc, 'Ann', () => 'a');
    expect(listCharacters(charactersOf(doc)).map((c) => c.id)).toEqual(['a', 'b', 'z']);
  });
});
