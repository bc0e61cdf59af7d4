import * as Y from 'yjs';
import type { MediaRef } from '../shared/media-attachments';
import { readPortrait } from '../shared/media-attachments';

/**
 * Characters live in the shared doc as `Y.Map<Y.Map>` 'characters', keyed by character id; each
 * character map holds name, className, level, hpCurrent, hpMax, the six ability scores,
 * `inventory` (Y.Array<string>) and `notes` (Y.Text). Every field is its own CRDT entry, so two
 * players editing different fields of one sheet never overwrite each other.
 */

export const abilities = ['str', 'dex', 'con', 'int', 'wis', 'cha'] as const;
export type Ability = (typeof abilities)[number];

export type NumberField = 'level' | 'hpCurrent' | 'hpMax' | Ability;
export type TextField = 'name' | 'className';

export interface CharacterView {
  readonly id: string;
  readonly name: string;
  readonly className: string;
  readonly level: number;
  readonly hpCurrent: number;
  readonly hpMax: number;
  readonly scores: Readonly<Record<Ability, number>>;
  readonly inventory: readonly string[];
  /** The portrait from the media service, attached when its job finished (see media-attachments.ts). */
  readonly portrait: MediaRef | null;
}

/** Allowed ranges (inclusive) of the number fields. */
export const numberRules: Readonly<Record<NumberField, { readonly min: number; readonly max: number }>> = {
  level: { min: 1, max: 20 },
  hpCurrent: { min: 0, max: 9999 },
  hpMax: { min: 0, max: 9999 },
  str: { min: 1, max: 30 },
  dex: { min: 1, max: 30 },
  con: { min: 1, max: 30 },
  int: { min: 1, max: 30 },
  wis: { min: 1, max: 30 },
  cha: { min: 1, max: 30 },
};

export const maxNameLength = 100;
export const maxItemLength = 200;

const defaults: Readonly<Record<NumberField, number>> = {
  level: 1,
  hpCurrent: 10,
  hpMax: 10,
  str: 10,
  dex: 10,
  con: 10,
  int: 10,
  wis: 10,
  cha: 10,
};

export type NumberCheck =
  | { readonly ok: true; readonly value: number }
  | { readonly ok: false; readonly error: 'required' | 'notInteger' | 'range'; readonly min: number; readonly max: number };

/** Checks what the user typed into a number field. */
export function checkNumber(field: NumberField, raw: string): NumberCheck {
  const { min, max } = numberRules[field];
  const text = raw.trim();
  if (text === '') return { ok: false, error: 'required', min, max };
  if (!/^[+-]?\d+$/.test(text)) return { ok: false, error: 'notInteger', min, max };
  const value = Number(text);
  if (value < min || value > max) return { ok: false, error: 'range', min, max };
  return { ok: true, value };
}

/** The D&D ability modifier: ⌊(score − 10) / 2⌋. */
export function abilityModifier(score: number): number {
  return Math.floor((score - 10) / 2);
}

/** "+2", "+0", "−1" (with a real minus sign). */
export function formatModifier(modifier: number): string {
  return modifier < 0 ? `\u2212${String(-modifier)}` : `+${String(modifier)}`;
}

/** The `characters` map of the shared doc. */
export function charactersOf(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>('characters');
}

// Values come from other devices: read them defensively.
function numberIn(map: Y.Map<unknown>, field: NumberField): number {
  const value = map.get(field);
  const { min, max } = numberRules[field];
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : defaults[field];
}

function textIn(map: Y.Map<unknown>, field: TextField): string {
  const value = map.get(field);
  return typeof value === 'string' ? value : '';
}

/** A plain snapshot of one character map. */
export function readCharacter(id: string, map: Y.Map<unknown>): CharacterView {
  const inventory = map.get('inventory');
  return {
    id,
    name: textIn(map, 'name'),
    className: textIn(map, 'className'),
    level: numberIn(map, 'level'),
    hpCurrent: numberIn(map, 'hpCurrent'),
    hpMax: numberIn(map, 'hpMax'),
    scores: {
      str: numberIn(map, 'str'),
      dex: numberIn(map, 'dex'),
      con: numberIn(map, 'con'),
      int: numberIn(map, 'int'),
      wis: numberIn(map, 'wis'),
      cha: numberIn(map, 'cha'),
    },
    inventory: inventory instanceof Y.Array ? inventory.toArray().filter((item): item is string => typeof item === 'string') : [],
    portrait: readPortrait(map),
  };
}

/** Every character, by name (then id, so the order is the same on every device). */
export function listCharacters(characters: Y.Map<Y.Map<unknown>>): CharacterView[] {
  const list: CharacterView[] = [];
  characters.forEach((map, id) => {
    if (map instanceof Y.Map) list.push(readCharacter(id, map));
  });
  return list.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** Adds a character with default values in one transaction; returns its id. */
export function createCharacter(doc: Y.Doc, name: string, newId: () => string = () => crypto.randomUUID()): string {
  const id = newId();
  doc.transact(() => {
    const map = new Y.Map<unknown>();
    charactersOf(doc).set(id, map);
    map.set('name', name.trim().slice(0, maxNameLength));
    map.set('className', '');
    for (const field of Object.keys(defaults) as NumberField[]) map.set(field, defaults[field]);
    map.set('inventory', new Y.Array<string>());
    map.set('notes', new Y.Text());
  });
  return id;
}

export function removeCharacter(doc: Y.Doc, id: string): void {
  charactersOf(doc).delete(id);
}

export function setText(map: Y.Map<unknown>, field: TextField, value: string): void {
  map.set(field, value.slice(0, maxNameLength));
}

/** Writes a number that passed `checkNumber`; anything else is a programming error. */
export function setNumber(map: Y.Map<unknown>, field: NumberField, value: number): void {
  const { min, max } = numberRules[field];
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${field} must be an integer in ${String(min)}..${String(max)}`);
  map.set(field, value);
}

function inventoryOf(map: Y.Map<unknown>): Y.Array<string> {
  const existing = map.get('inventory');
  if (existing instanceof Y.Array) return existing as Y.Array<string>;
  const created = new Y.Array<string>();
  map.set('inventory', created);
  return created;
}

/** Appends an item; blank items are ignored. Returns whether one was added. */
export function addItem(map: Y.Map<unknown>, item: string): boolean {
  const text = item.trim().slice(0, maxItemLength);
  if (text === '') return false;
  const apply = () => {
    inventoryOf(map).push([text]);
  };
  if (map.doc === null) apply();
  else map.doc.transact(apply);
  return true;
}

export function removeItem(map: Y.Map<unknown>, index: number): void {
  const inventory = map.get('inventory');
  if (inventory instanceof Y.Array && index >= 0 && index < inventory.length) inventory.delete(index, 1);
}

/** The character's notes text, created on first use for characters made by older clients. */
export function notesOf(map: Y.Map<unknown>): Y.Text {
  const existing = map.get('notes');
  if (existing instanceof Y.Text) return existing;
  const created = new Y.Text();
  map.set('notes', created);
  return created;
}
