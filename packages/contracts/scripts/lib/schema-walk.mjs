// Walks JSON Schema 2020-12 documents by keyword, so that only schema positions are touched:
// a property *named* "description" under `properties` is data about the wire, not an annotation.

/** Keywords whose value is one subschema. */
const SINGLE = new Set([
  'additionalProperties',
  'contains',
  'contentSchema',
  'else',
  'if',
  'items',
  'not',
  'propertyNames',
  'then',
  'unevaluatedItems',
  'unevaluatedProperties',
]);
/** Keywords whose value is an array of subschemas. */
const LIST = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
/** Keywords whose value maps names to subschemas. */
const MAP = new Set(['$defs', 'dependentSchemas', 'patternProperties', 'properties']);

/**
 * Rebuilds a schema bottom-up: `visit` receives every schema object (children already rebuilt)
 * and returns its replacement. Boolean schemas and non-schema values are copied as they are.
 * @param {unknown} schema
 * @param {(node: Record<string, unknown>) => Record<string, unknown>} visit
 * @returns {unknown}
 */
export function mapSchema(schema, visit) {
  if (!isObject(schema)) return schema;
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (SINGLE.has(key)) out[key] = mapSchema(value, visit);
    else if (LIST.has(key) && Array.isArray(value)) out[key] = value.map((v) => mapSchema(v, visit));
    else if (MAP.has(key) && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapSchema(v, visit)]));
    } else out[key] = structuredClone(value);
  }
  return visit(out);
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
export function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
