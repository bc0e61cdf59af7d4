/**
 * PostgreSQL array literals (`{1,2,NULL}`, `{"a \"b\"",c}`, `{{1,2},{3,4}}`): the text form both
 * drivers return when asked for raw values, and the form array parameters are sent in.
 */

/** An element of a parsed array literal: a raw element text, NULL, or a nested dimension. */
export type ArrayLiteralItem = string | null | ArrayLiteralItem[];

interface Cursor {
  readonly text: string;
  pos: number;
}

function fail(text: string, why: string): never {
  throw new Error(`Malformed array literal (${why}): ${text.slice(0, 80)}`);
}

function readQuoted(cursor: Cursor): string {
  let out = '';
  cursor.pos += 1;
  for (;;) {
    const ch = cursor.text[cursor.pos];
    if (ch === undefined) fail(cursor.text, 'unterminated quote');
    cursor.pos += 1;
    if (ch === '"') return out;
    if (ch === '\\') {
      const escaped = cursor.text[cursor.pos];
      if (escaped === undefined) fail(cursor.text, 'dangling backslash');
      out += escaped;
      cursor.pos += 1;
    } else {
      out += ch;
    }
  }
}

function readUnquoted(cursor: Cursor): string | null {
  const start = cursor.pos;
  while (cursor.pos < cursor.text.length) {
    const ch = cursor.text[cursor.pos];
    if (ch === ',' || ch === '}') break;
    cursor.pos += 1;
  }
  const raw = cursor.text.slice(start, cursor.pos).trim();
  if (raw === '') fail(cursor.text, 'empty element');
  return raw.toUpperCase() === 'NULL' ? null : raw;
}

function readDimension(cursor: Cursor): ArrayLiteralItem[] {
  if (cursor.text[cursor.pos] !== '{') fail(cursor.text, 'expected {');
  cursor.pos += 1;
  const items: ArrayLiteralItem[] = [];
  if (cursor.text[cursor.pos] === '}') {
    cursor.pos += 1;
    return items;
  }
  for (;;) {
    const ch = cursor.text[cursor.pos];
    if (ch === '{') items.push(readDimension(cursor));
    else if (ch === '"') items.push(readQuoted(cursor));
    else items.push(readUnquoted(cursor));
    const next = cursor.text[cursor.pos];
    cursor.pos += 1;
    if (next === '}') return items;
    if (next !== ',') fail(cursor.text, 'expected , or }');
  }
}

/** Parses an array literal; a leading dimension decoration (`[0:1]={…}`) is skipped. */
export function parseArrayLiteral(text: string): ArrayLiteralItem[] {
  const start = text.startsWith('[') ? text.indexOf('=') + 1 : 0;
  const cursor: Cursor = { text, pos: start };
  const items = readDimension(cursor);
  if (cursor.pos !== text.length) fail(text, 'trailing characters');
  return items;
}

function quoteElement(text: string): string {
  return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/** Builds an array literal; `encode` turns a non-null, non-array element into its text. */
export function formatArrayLiteral(values: readonly unknown[], encode: (value: unknown) => string): string {
  const parts = values.map((value): string => {
    if (value === null || value === undefined) return 'NULL';
    if (Array.isArray(value)) return formatArrayLiteral(value, encode);
    return quoteElement(encode(value));
  });
  return `{${parts.join(',')}}`;
}
