// The precompiled validators: Ajv standalone code, bundled into one self-contained ES module.
import Ajv2020 from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import addFormats from 'ajv-formats';
import { build } from 'esbuild';
import { join } from 'node:path';
import { stripAnnotations } from './canonical.mjs';
import { byTitle, HEADER } from './output.mjs';

/**
 * Ajv's standalone output still `require`s a few runtime helpers (ucs2length, the format checks),
 * which neither the browser nor Node's ESM loader accept consistently; bundling inlines them, so
 * the module imports nothing, evaluates no generated code (CSP-safe) and compiles nothing at load.
 * @param {import('./schema-files.d.mts').SchemaSource[]} sources
 * @param {string} root
 */
export async function validatorsModule(sources, root) {
  const ajv = new Ajv2020({
    strict: true,
    allErrors: true,
    // Union types keep "string or null" readable; strict mode still checks every keyword's type.
    allowUnionTypes: true,
    code: { source: true, esm: true, lines: true },
  });
  addFormats(ajv);
  // Documentation would only bloat the bundle: the validators embed their schemas.
  for (const { schema } of sources) ajv.addSchema(/** @type {import('ajv').AnySchemaObject} */ (stripAnnotations(schema)));
  /** @type {Record<string, string>} */
  const exports = {};
  for (const { title, id } of [...sources].sort(byTitle)) exports[title] = id;
  const standalone = standaloneCode(ajv, exports);

  const result = await build({
    stdin: { contents: standalone, resolveDir: join(root, 'packages/contracts'), sourcefile: 'validators.js', loader: 'js' },
    absWorkingDir: root,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['main'],
    target: 'es2022',
    charset: 'utf8',
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild produced no output for the validators bundle.');
  return `${HEADER}\n${output.text}`;
}

/** @param {import('./schema-files.d.mts').SchemaSource[]} sources */
export function validatorsDeclarations(sources) {
  const lines = [
    HEADER,
    "import type { RawValidator } from '../raw-validator';",
    "import type * as T from './types';",
    '',
  ];
  for (const { title, file } of [...sources].sort(byTitle)) {
    lines.push(`/** Compiled from ${file}. */`, `export declare const ${title}: RawValidator<T.${title}>;`);
  }
  return `${lines.join('\n')}\n`;
}
