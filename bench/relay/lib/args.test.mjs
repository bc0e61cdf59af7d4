import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from './args.mjs';

describe('parseBenchArgs', () => {
  it('runs every scenario in full by default', () => {
    expect(parseBenchArgs([])).toEqual({ quick: false, scenarios: ['fanout', 'join', 'memory', 'sustained'], databaseUrl: undefined, json: undefined, profile: undefined, help: false });
  });

  it('takes a comma-separated --only, --quick and --database-url', () => {
    const options = parseBenchArgs(['--quick', '--only', 'memory,fanout', '--database-url', 'postgres://x@h/db']);
    expect(options.scenarios).toEqual(['memory', 'fanout']);
    expect(options.quick).toBe(true);
    expect(options.databaseUrl).toBe('postgres://x@h/db');
  });

  it('refuses an unknown scenario or option', () => {
    expect(() => parseBenchArgs(['--only', 'storm'])).toThrow(/unknown scenario "storm"/);
    expect(() => parseBenchArgs(['--fast'])).toThrow();
  });
});
