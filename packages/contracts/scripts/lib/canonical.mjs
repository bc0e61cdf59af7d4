// Canonical form of the wire schemas, hashed to pin them next to PROTOCOL_VERSION.
import { createHash } from 'node:crypto';
import { isObject, mapSchema } from './schema-walk.mjs';

/** Keywords that document a schema without changing what it accepts. */
export const ANNOTATIONS = Object.freeze(['title', 'description', '$comment', 'examples']);

/**
 * The schema without documentation keywords, so that rewording a description is not a wire change.
 * @param {unknown} schema
 * @returns {unknown}
 */
export function stripAnnotations(schema) {
  return mapSchema(schema, (node) => {
    const out = { ...node };
    for (const keyword of ANNOTATIONS) delete out[keyword];
    return out;
  });
}

/**
 * JSON with object keys sorted at every depth and no whitespace: equal values give equal text.
 * @param {unknown} value
 * @returns {string}
 */
export function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * SHA-256 (hex) over every schema's repository path and canonical, annotation-free form.
 * @param {readonly { file: string; schema: unknown }[]} sources
 * @returns {string}
 */
export function schemaHash(sources) {
  const hash = createHash('sha256');
  const sorted = [...sources].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (const { file, schema } of sorted) hash.update(`${file}\n${canonicalJson(stripAnnotations(schema))}\n`);
  return hash.digest('hex');
}
