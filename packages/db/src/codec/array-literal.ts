/**
 * PostgreSQL array literals (`{1,2,NULL}`, `{"a \"b\"",c}`, `{{1,2},{3,4}}`): the text form both
 * drivers return when asked for raw values, and the form array parameters are sent in.
 */
import { parse } from 'postgres-array';

/** An element of a parsed array literal: a raw element text, NULL, or a nested dimension. */
export type ArrayLiteralItem = string | null | ArrayLiteralItem[];

/**
 * Parses an array literal as PostgreSQL prints it (a leading dimension decoration `[0:1]={…}` is
 * skipped). The text comes from the database server, never from a user, so the parsing is
 * node-postgres's own `postgres-array` (ADR 0018); it throws on text that does not even end in `}`.
 */
export function parseArrayLiteral(text: string): ArrayLiteralItem[] {
  return parse(text);
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
