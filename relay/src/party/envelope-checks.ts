/** Largest stored envelope, as JSON (the CloudEvents advice, and the socket's frame limit). */
export const MAX_ENVELOPE_BYTES = 64 * 1024;

// NUL and lone surrogates: valid in a JS string, but PostgreSQL's jsonb cannot store them.
const LONE_SURROGATE = /\p{Cs}/u;
const unstorable = (text: string): boolean => text.includes('\u0000') || LONE_SURROGATE.test(text);

/** True when some string (or key) in a JSON value could not be stored in jsonb. */
export function hasUnstorableText(value: unknown): boolean {
  if (typeof value === 'string') return unstorable(value);
  if (Array.isArray(value)) return value.some(hasUnstorableText);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).some(([key, inner]) => unstorable(key) || hasUnstorableText(inner));
  }
  return false;
}

/** A plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
