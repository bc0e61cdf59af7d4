// Finds and checks the wire schemas under contracts/.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isObject } from './schema-walk.mjs';

/** Folders (relative to the repository root) whose *.json files are wire schemas. */
export const SCHEMA_DIRS = Object.freeze(['contracts/jsonschema', 'contracts/events']);

const DIALECT = 'https://json-schema.org/draft/2020-12/schema';
const ID_BASE = 'https://rpg-bot.dev/schemas/';

/** Absolute path of the repository root. */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * Every wire schema, sorted by path, after checking the house rules every generator step relies on.
 * @param {string} [root]
 * @returns {import('./schema-files.d.mts').SchemaSource[]}
 */
export function loadSchemas(root = repoRoot) {
  const sources = [];
  for (const dir of SCHEMA_DIRS) {
    const names = readdirSync(join(root, dir)).filter((n) => n.endsWith('.json')).sort();
    for (const name of names) {
      const file = `${dir}/${name}`;
      sources.push(checkSchema(file, JSON.parse(readFileSync(join(root, file), 'utf8'))));
    }
  }
  const titles = new Map();
  for (const source of sources) {
    const other = titles.get(source.title);
    if (other) throw new Error(`${source.file}: title "${source.title}" is already used by ${other}; titles name the generated types and must be unique.`);
    titles.set(source.title, source.file);
  }
  return sources;
}

/**
 * @param {string} file
 * @param {unknown} schema
 * @returns {import('./schema-files.d.mts').SchemaSource}
 */
function checkSchema(file, schema) {
  if (!isObject(schema)) throw new Error(`${file}: a schema file must hold a JSON object.`);
  const basename = file.slice(file.lastIndexOf('/') + 1);
  if (schema.$schema !== DIALECT) throw new Error(`${file}: "$schema" must be "${DIALECT}".`);
  if (schema.$id !== `${ID_BASE}${basename}`) throw new Error(`${file}: "$id" must be "${ID_BASE}${basename}".`);
  const { title } = schema;
  if (typeof title !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(title)) {
    throw new Error(`${file}: "title" must be PascalCase; it names the generated type and validator.`);
  }
  return { file, id: schema.$id, title, schema };
}
