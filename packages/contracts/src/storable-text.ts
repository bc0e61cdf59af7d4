/**
 * Text PostgreSQL cannot store: U+0000 (refused in `text` and `jsonb` alike, SQLSTATE 22021/22P05)
 * and unpaired UTF-16 surrogates (no UTF-8 form: `text` silently stores U+FFFD instead, `jsonb`
 * refuses the escape). Valid in a JSON string and in a JS string, so schemas alone let them through.
 */
const LONE_SURROGATE = /\p{Cs}/u;

/** True when the string could not be stored unchanged in a PostgreSQL `text` or `jsonb` value. */
export function isUnstorableText(text: string): boolean {
  return text.includes('\u0000') || LONE_SURROGATE.test(text);
}

const escapePointerToken = (token: string) => token.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The JSON Pointer (RFC 6901) of the first string — value or object key — in a parsed JSON
 * value that PostgreSQL could not store (see {@link isUnstorableText}); undefined when there is none.
 *
 * @example unstorableTextAt({ title: 'a\u0000b' }) // '/title'
 */
export function unstorableTextAt(value: unknown, pointer = ''): string | undefined {
  if (typeof value === 'string') return isUnstorableText(value) ? pointer : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = unstorableTextAt(item, `${pointer}/${String(index)}`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      // A bad key is reported at its own position: the pointer keeps the key, escaped, as it is.
      const at = `${pointer}/${escapePointerToken(key)}`;
      if (isUnstorableText(key)) return at;
      const found = unstorableTextAt(inner, at);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
