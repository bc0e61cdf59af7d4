import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const srcDir = import.meta.dirname;

/** Run-time modules: everything in src/ except tests. */
function runtimeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return runtimeFiles(path);
    return /\.(?:ts|js)$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('run-time code', () => {
  it('imports only its own modules, so it runs unchanged in the browser and in Node', () => {
    const offenders = runtimeFiles(srcDir).flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      const specifiers = [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? '');
      return specifiers.filter((s) => !s.startsWith('./') && !s.startsWith('../')).map((s) => `${relative(srcDir, file)}: ${s}`);
    });
    expect(offenders).toEqual([]);
  });
});
