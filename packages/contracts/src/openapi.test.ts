import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../scripts/lib/schema-files.mjs';

const openapiFile = join(repoRoot, 'contracts/openapi/rpg-bot.yaml');
const errorSchema = join(repoRoot, 'contracts/jsonschema/error.json');
const document = load(readFileSync(openapiFile, 'utf8'));

/**
 * The one failure status that is not an error body: a not-ready probe answers 503 with its
 * readiness document, so that an operator sees which check failed.
 */
const notErrorBodies = new Map([['/readyz get 503', join(repoRoot, 'contracts/jsonschema/readiness.json')]]);

interface Ref {
  /** JSON Pointer of the `$ref` inside the OpenAPI document. */
  at: string;
  ref: string;
}

describe('OpenAPI document', () => {
  const refs = collectRefs(document, '');

  it('has $refs that all resolve', () => {
    const broken = refs.filter(({ ref }) => resolveRef(ref) === undefined).map(({ at, ref }) => `${at} -> ${ref}`);
    expect(refs.length).toBeGreaterThan(0);
    expect(broken).toEqual([]);
  });

  it('references every HTTP schema in contracts/jsonschema instead of copying it', () => {
    const referenced = new Set(refs.filter(({ ref }) => !ref.startsWith('#')).map(({ ref }) => fileOf(ref)));
    const schemas = readdirSync(join(repoRoot, 'contracts/jsonschema')).map((n) => join(repoRoot, 'contracts/jsonschema', n));
    expect(schemas.filter((file) => !referenced.has(file)).map((f) => relative(repoRoot, f))).toEqual([]);
  });

  it('describes every error response with contracts/jsonschema/error.json', () => {
    const offenders: string[] = [];
    for (const [where, response] of responses()) {
      if (!/^(?:[45]\d\d|[45]XX|default)$/.test(where.status)) continue;
      const key = `${where.path} ${where.method} ${where.status}`;
      const schema = notErrorBodies.get(key) ?? errorSchema;
      const content = asRecord(response.content);
      const media = Object.entries(content ?? {});
      const ok =
        media.length > 0 &&
        media.every(([, m]) => {
          const ref = asRecord(asRecord(m)?.schema)?.$ref;
          return typeof ref === 'string' && fileOf(ref) === schema;
        });
      if (!ok) offenders.push(key);
    }
    expect(offenders).toEqual([]);
  });

  it('sends Retry-After with every 429', () => {
    const missing = [...responses()]
      .filter(([where, response]) => where.status === '429' && !asRecord(response.headers)?.['Retry-After'])
      .map(([where]) => `${where.path} ${where.method}`);
    expect(missing).toEqual([]);
  });
});

function* responses(): Generator<[{ path: string; method: string; status: string }, Record<string, unknown>]> {
  for (const [path, item] of Object.entries(asRecord(asRecord(document)?.paths) ?? {})) {
    for (const [method, operation] of Object.entries(asRecord(item) ?? {})) {
      for (const [status, raw] of Object.entries(asRecord(asRecord(operation)?.responses) ?? {})) {
        const ref = asRecord(raw)?.$ref;
        const response = asRecord(typeof ref === 'string' ? resolveRef(ref) : raw);
        if (!response) throw new Error(`${path} ${method} ${status}: unresolvable response`);
        yield [{ path, method, status }, response];
      }
    }
  }
}

function collectRefs(node: unknown, at: string): Ref[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => collectRefs(item, `${at}/${i}`));
  const record = asRecord(node);
  if (!record) return [];
  return Object.entries(record).flatMap(([key, value]) => {
    const here = `${at}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    return key === '$ref' && typeof value === 'string' ? [{ at, ref: value }] : collectRefs(value, here);
  });
}

/** The value a `$ref` points at (in this document or in a file next to it), or undefined. */
function resolveRef(ref: string): unknown {
  const [file = '', pointer = ''] = ref.split('#');
  let target: unknown = document;
  if (file !== '') {
    const path = fileOf(ref);
    if (!existsSync(path)) return undefined;
    target = JSON.parse(readFileSync(path, 'utf8'));
  }
  for (const segment of pointer.split('/').slice(1)) {
    const key = decodeURIComponent(segment).replaceAll('~1', '/').replaceAll('~0', '~');
    target = asRecord(target)?.[key];
    if (target === undefined) return undefined;
  }
  return target;
}

function fileOf(ref: string): string {
  const [file = ''] = ref.split('#');
  return file === '' ? openapiFile : resolve(dirname(openapiFile), file);
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
