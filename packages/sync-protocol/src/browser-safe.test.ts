import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const allowed = new Set(['yjs', 'lib0/decoding', 'lib0/encoding']);

describe('SYNC-FRAME-7: runs in the browser and in Node', () => {
  it('SYNC-FRAME-7 run-time modules import only yjs, lib0 and each other', () => {
    const dir = import.meta.dirname;
    const offenders = readdirSync(dir)
      .filter((name) => name.endsWith('.ts') && !name.includes('.test'))
      .flatMap((name) => {
        const text = readFileSync(join(dir, name), 'utf8');
        return [...text.matchAll(/^(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)]
          .map((match) => match[1] ?? '')
          .filter((specifier) => !specifier.startsWith('./') && !allowed.has(specifier))
          .map((specifier) => `${name}: ${specifier}`);
      });
    expect(offenders).toEqual([]);
  });
});
