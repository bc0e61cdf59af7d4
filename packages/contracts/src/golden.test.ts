import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSchemas, repoRoot } from '../scripts/lib/schema-files.mjs';
import type { ValidationIssue } from './generated/types';
import type { Validator } from './validate';
import { validators } from './validators';

const goldenDir = join(repoRoot, 'contracts/golden');
const GOLDEN = /^(?<schema>[a-z0-9][a-z0-9.-]*?)\.(?<kind>valid|invalid)(?:\.(?<example>[a-z0-9-]+))?\.json$/;
const OTHER_FILES = new Set(['README.md', 'expected-issues.json']);

/** Golden files are named after their schema file: `client-error-report.valid.minimal.json`. */
const bySchemaFile = new Map<string, Validator<unknown>>(
  loadSchemas(repoRoot).map(({ file, title }) => [
    file.slice(file.lastIndexOf('/') + 1, -'.json'.length),
    validatorFor(title),
  ]),
);
const expectedIssues = readJson('expected-issues.json') as Record<string, ValidationIssue[]>;
const goldens = readdirSync(goldenDir)
  .filter((name) => !OTHER_FILES.has(name))
  .sort()
  .map((name) => ({ name, match: GOLDEN.exec(name)?.groups }));

describe('golden files', () => {
  it('are all named <schema>.<valid|invalid>[.<example>].json after an existing schema', () => {
    const misnamed = goldens.filter(({ match }) => !match?.schema || !bySchemaFile.has(match.schema)).map((g) => g.name);
    expect(misnamed).toEqual([]);
  });

  it('exist for every schema, valid and invalid', () => {
    for (const schema of bySchemaFile.keys()) {
      for (const kind of ['valid', 'invalid']) {
        expect(goldens.some(({ match }) => match?.schema === schema && match.kind === kind), `${schema}.${kind}`).toBe(true);
      }
    }
  });

  it.each(goldens.filter(({ match }) => match?.kind === 'valid').map(({ name, match }) => [name, match?.schema ?? '']))(
    '%s validates',
    (name, schema) => {
      const result = validate(schema, readJson(name));
      expect(result.ok ? [] : result.issues).toEqual([]);
    },
  );

  it.each(goldens.filter(({ match }) => match?.kind === 'invalid').map(({ name, match }) => [name, match?.schema ?? '']))(
    '%s fails with the issues in expected-issues.json',
    (name, schema) => {
      const result = validate(schema, readJson(name));
      expect(result.ok, `${name} should fail validation`).toBe(false);
      expect(result.ok ? [] : result.issues).toEqual(expectedIssues[name]);
    },
  );

  it('expected-issues.json describes only existing invalid examples', () => {
    const invalid = new Set(goldens.filter(({ match }) => match?.kind === 'invalid').map(({ name }) => name));
    expect(Object.keys(expectedIssues).filter((name) => !invalid.has(name))).toEqual([]);
  });
});

function validate(schema: string, document: unknown) {
  const validator = bySchemaFile.get(schema);
  if (!validator) throw new Error(`No validator for schema ${schema}`);
  return validator(document);
}

function validatorFor(title: string): Validator<unknown> {
  const key = title.charAt(0).toLowerCase() + title.slice(1);
  const validator = (validators as Readonly<Record<string, Validator<unknown>>>)[key];
  if (!validator) throw new Error(`validators.${key} is missing for the schema titled ${title}`);
  return validator;
}

function readJson(name: string): unknown {
  return JSON.parse(readFileSync(join(goldenDir, name), 'utf8'));
}
