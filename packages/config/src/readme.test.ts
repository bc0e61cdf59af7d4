import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configVariables } from './index';

const readmeUrl = new URL('../../../README.md', import.meta.url);

describe('configVariables', () => {
  it('has a name, description and unique name for each variable', () => {
    const names = configVariables.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    for (const variable of configVariables) {
      expect(variable.name).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(variable.description.length).toBeGreaterThan(10);
    }
    expect(configVariables.find((v) => v.name === 'PORT')?.default).toBe('8787');
    expect(configVariables.find((v) => v.name === 'DATABASE_URL')?.default).toBeUndefined();
  });

  it('are all documented in the root README', () => {
    const readme = readFileSync(readmeUrl, 'utf8');
    const missing = configVariables.map((v) => v.name).filter((name) => !readme.includes(`\`${name}\``));
    expect(missing, `variables missing from ${readmeUrl.pathname}`).toEqual([]);
  });
});
