// The TypeScript types, generated with json-schema-to-typescript.
import { compile } from 'json-schema-to-typescript';
import { HEADER } from './output.mjs';
import { isObject, mapSchema } from './schema-walk.mjs';

/** @param {import('./schema-files.d.mts').SchemaSource[]} sources */
export async function typesModule(sources) {
  const byId = new Map(sources.map((s) => [s.id, s]));
  // A schema may reference another by its $id (an event type narrowing the CloudEvent envelope);
  // resolve those from contracts/ instead of the network. The types that come along with such a
  // reference are declared by the schema that owns their title, so the copies are dropped below.
  const local = {
    order: 1,
    canRead: (/** @type {{ url: string }} */ file) => byId.has(file.url.split('#')[0] ?? ''),
    read: (/** @type {{ url: string }} */ file) => JSON.stringify(forTypes(byId.get(file.url.split('#')[0] ?? '')?.schema ?? {})),
  };
  const owned = new Map(sources.map((s) => [s.title, titlesIn(s.schema)]));
  const parts = [];
  for (const { schema, title } of sources) {
    const ts = await compile(/** @type {import('json-schema-to-typescript').JSONSchema} */ (forTypes(schema)), title, {
      bannerComment: '',
      unreachableDefinitions: true,
      format: true,
      style: { singleQuote: true, printWidth: 120, trailingComma: 'all' },
      // Relative $refs (`campaign.json`) resolve against the schemas' $id base, as Ajv and Spectral resolve them.
      cwd: 'https://rpg-bot.dev/schemas/',
      $refOptions: { resolve: { rpgbot: local, http: false, file: false } },
    });
    const mine = owned.get(title) ?? new Set();
    const othersOwn = (/** @type {string} */ name) => [...owned].some(([t, titles]) => t !== title && titles.has(name));
    parts.push(
      declarations(ts)
        .filter((d) => mine.has(d.name) || !othersOwn(d.name))
        .map((d) => d.text)
        .join('\n')
        .trim(),
    );
  }
  const text = parts.join('\n\n');
  const declared = [...text.matchAll(/^export (?:interface|type) (\w+)/gm)].map((m) => m[1]);
  const dupes = declared.filter((name, i) => declared.indexOf(name) !== i);
  if (dupes.length > 0) throw new Error(`Two schemas generate the same type name: ${[...new Set(dupes)].join(', ')}. Give one a different title.`);
  return `${HEADER}\n\n${text}\n`;
}

/**
 * Every `title` in a schema: the names of the types it declares.
 * @param {unknown} schema
 * @returns {Set<string>}
 */
function titlesIn(schema) {
  /** @type {Set<string>} */
  const titles = new Set();
  mapSchema(schema, (node) => {
    if (typeof node.title === 'string') titles.add(node.title);
    return node;
  });
  return titles;
}

/**
 * Splits formatted json-schema-to-typescript output into its top-level declarations, each with
 * the doc comment above it.
 * @param {string} ts
 * @returns {{ name: string; text: string }[]}
 */
function declarations(ts) {
  const lines = ts.split('\n');
  /** @type {number[]} */
  const starts = [];
  let comment = -1;
  lines.forEach((line, i) => {
    if (line.startsWith('/**')) comment = i;
    else if (line.startsWith('export ')) {
      starts.push(comment >= 0 ? comment : i);
      comment = -1;
    } else if (line.startsWith('}')) comment = -1;
  });
  return starts.map((start, i) => {
    const text = lines.slice(start, starts[i + 1] ?? lines.length).join('\n');
    const name = /^export (?:interface|type) (\w+)/m.exec(text)?.[1];
    if (name === undefined) throw new Error(`Unexpected json-schema-to-typescript output near: ${text.slice(0, 80)}`);
    return { name, text };
  });
}

/**
 * Prepares a schema for json-schema-to-typescript, which names a type after every `$defs` entry
 * and numbers the copies it makes where a `$ref` has siblings (`CloudEventString1`). Only titled
 * definitions become named types; untitled ones are helpers and are inlined where they are used.
 * Also: a schema with nothing but annotations (e.g. the `data` of a CloudEvent: any JSON value,
 * with a description) would be typed as an object; `tsType` states what it means.
 * @param {Readonly<Record<string, unknown>>} schema
 */
function forTypes(schema) {
  const defs = isObject(schema.$defs) ? schema.$defs : {};
  /** @type {Map<string, unknown>} */
  const inlined = new Map();
  /** @type {Set<string>} */
  const inProgress = new Set();

  /** @param {string} name */
  const inlineDef = (name) => {
    const done = inlined.get(name);
    if (done !== undefined) return done;
    if (inProgress.has(name)) throw new Error(`Recursive untitled definition "${name}": give it a title.`);
    inProgress.add(name);
    const result = mapSchema(defs[name], resolveRefs);
    inProgress.delete(name);
    inlined.set(name, result);
    return result;
  };

  /** @param {Record<string, unknown>} node */
  const resolveRefs = (node) => {
    const name = typeof node.$ref === 'string' ? /^#\/\$defs\/([^/]+)$/.exec(node.$ref)?.[1] : undefined;
    const target = name === undefined ? undefined : defs[name];
    if (name === undefined || !isObject(target) || typeof target.title === 'string') return node;
    const siblings = { ...node };
    delete siblings.$ref;
    const resolved = inlineDef(name);
    return isObject(resolved) ? { ...resolved, ...siblings } : resolved === true ? siblings : node;
  };

  const annotationsOnly = new Set(['title', 'description', '$comment', 'examples', 'default', 'deprecated']);
  /** @param {Record<string, unknown>} node */
  const anyValue = (node) => (Object.keys(node).every((k) => annotationsOnly.has(k)) ? { ...node, tsType: 'unknown' } : node);

  const root = /** @type {Record<string, unknown>} */ (mapSchema(schema, (node) => anyValue(resolveRefs(node))));
  if (isObject(root.$defs)) {
    const titled = Object.entries(root.$defs).filter(([, def]) => isObject(def) && typeof def.title === 'string');
    if (titled.length > 0) root.$defs = Object.fromEntries(titled);
    else delete root.$defs;
  }
  return root;
}
