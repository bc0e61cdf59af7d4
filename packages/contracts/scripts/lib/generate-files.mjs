// Produces the contents of packages/contracts/src/generated/ from the wire schemas, in memory.
import { HEADER } from './output.mjs';
import { loadSchemas, repoRoot } from './schema-files.mjs';
import { typesModule } from './types-module.mjs';
import { validatorsDeclarations, validatorsModule } from './validators-module.mjs';

/** Where the generated files live, relative to the repository root. */
export const GENERATED_DIR = 'packages/contracts/src/generated';

/**
 * @param {string} [root]
 * @returns {Promise<import('./generate-files.d.mts').GeneratedFile[]>}
 */
export async function generateFiles(root = repoRoot) {
  const sources = loadSchemas(root);
  const [validatorsJs, typesTs] = await Promise.all([validatorsModule(sources, root), typesModule(sources)]);
  return [
    { path: `${GENERATED_DIR}/error-codes.ts`, content: errorCodesModule(sources) },
    { path: `${GENERATED_DIR}/types.ts`, content: typesTs },
    { path: `${GENERATED_DIR}/validators.d.ts`, content: validatorsDeclarations(sources) },
    { path: `${GENERATED_DIR}/validators.js`, content: validatorsJs },
  ];
}

/** @param {import('./schema-files.d.mts').SchemaSource[]} sources */
function errorCodesModule(sources) {
  const error = sources.find((s) => s.file === 'contracts/jsonschema/error.json');
  const defs = /** @type {{ ErrorCode?: { oneOf?: { const?: unknown }[] } } | undefined} */ (error?.schema.$defs);
  const codes = (defs?.ErrorCode?.oneOf ?? []).map((branch) => branch.const);
  if (codes.length === 0 || !codes.every((c) => typeof c === 'string')) {
    throw new Error('contracts/jsonschema/error.json: $defs.ErrorCode must be a oneOf of string consts.');
  }
  return [
    HEADER,
    "import type { ErrorCode } from './types';",
    '',
    '/** Every error code, in the order of contracts/jsonschema/error.json. */',
    'export const errorCodes = [',
    ...codes.map((c) => `  ${quote(c)},`),
    '] as const satisfies readonly ErrorCode[];',
    '',
  ].join('\n');
}

/** @param {string} value */
function quote(value) {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
