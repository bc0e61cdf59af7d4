import { DatabaseError } from '../errors';
import { parseArrayLiteral } from './array-literal';
import type { ArrayLiteralItem } from './array-literal';
import { arrayElementOid, oid } from './oids';
import { parseTimestamp } from './timestamp';

/** A result column as the drivers describe it. */
export interface RawField {
  readonly name: string;
  readonly typeId: number;
}

/** A value as the drivers return it: PostgreSQL's text output, or null. */
export type RawValue = string | null;

type Decoder = (text: string, column: string) => unknown;

function cannotDecode(column: string, what: string, fix: string): never {
  throw new DatabaseError(`Cannot decode column "${column}": ${what}. ${fix}`);
}

function decodeInt8(text: string, column: string): number {
  const value = Number(text);
  // Any int8 within ±MAX_SAFE_INTEGER converts exactly; beyond it Number() would round silently.
  if (!Number.isSafeInteger(value)) {
    cannotDecode(
      column,
      `int8 value ${text} is beyond Number.MAX_SAFE_INTEGER and would lose precision`,
      'Cast it to text or numeric in the query (e.g. id::text) to read it as a string.',
    );
  }
  return value;
}

function decodeBytea(text: string, column: string): Uint8Array {
  if (!text.startsWith('\\x')) {
    cannotDecode(column, 'bytea is not in hex output format', 'Set bytea_output = hex on the server.');
  }
  return new Uint8Array(Buffer.from(text.slice(2), 'hex'));
}

function decodeTimestamp(text: string, column: string): Date {
  const date = parseTimestamp(text);
  if (date === undefined) {
    cannotDecode(
      column,
      `timestamp "${text}" has no Date representation`,
      'Cast it to text in the query, or store finite timestamps only.',
    );
  }
  return date;
}

const asText: Decoder = (text) => text;
const asNumber: Decoder = (text) => Number(text);

const decoders = new Map<number, Decoder>([
  [oid.bool, (text) => text === 't'],
  [oid.bytea, decodeBytea],
  [oid.int2, asNumber],
  [oid.int4, asNumber],
  [oid.oid, asNumber],
  [oid.int8, decodeInt8],
  [oid.float4, asNumber],
  [oid.float8, asNumber],
  [oid.json, (text): unknown => JSON.parse(text)],
  [oid.jsonb, (text): unknown => JSON.parse(text)],
  [oid.timestamp, decodeTimestamp],
  [oid.timestamptz, decodeTimestamp],
]);

function decodeItems(items: readonly ArrayLiteralItem[], decode: Decoder, column: string): unknown[] {
  return items.map((item): unknown => {
    if (item === null) return null;
    if (Array.isArray(item)) return decodeItems(item, decode, column);
    return decode(item, column);
  });
}

function decoderFor(typeId: number): Decoder {
  const scalar = decoders.get(typeId);
  if (scalar !== undefined) return scalar;
  const elementOid = arrayElementOid.get(typeId);
  if (elementOid === undefined) return asText;
  const element = decoders.get(elementOid) ?? asText;
  return (text, column) => decodeItems(parseArrayLiteral(text), element, column);
}

/**
 * Decodes one value from its text form. Types without a decoder (numeric, date, uuid, interval,
 * vector, enums, arrays of non-built-in types …) stay as PostgreSQL's text.
 */
export function decodeValue(typeId: number, text: RawValue, column: string): unknown {
  return text === null ? null : decoderFor(typeId)(text, column);
}

/** Turns raw row arrays into objects keyed by column name (a later duplicate name wins). */
export function decodeRows(fields: readonly RawField[], rows: readonly (readonly RawValue[])[]): Record<string, unknown>[] {
  const columns = fields.map((field) => ({ name: field.name, decode: decoderFor(field.typeId) }));
  return rows.map((row) =>
    Object.fromEntries(
      columns.map((column, index) => {
        const text = row[index] ?? null;
        return [column.name, text === null ? null : column.decode(text, column.name)];
      }),
    ),
  );
}
