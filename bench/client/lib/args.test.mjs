import { describe, expect, it } from 'vitest';
import { parseClientBenchArgs } from './args.mjs';

describe('parseClientBenchArgs', () => {
  it('leaves the sizes to the mode by default', () => {
    expect(parseClientBenchArgs([])).toEqual({ quick: false, runs: undefined, keys: undefined, docBytes: undefined, json: undefined, profile: undefined, headed: false, help: false });
  });

  it('reads every option', () => {
    expect(parseClientBenchArgs(['--quick', '--runs', '5', '--keys', '80', '--doc-mb', '2.5', '--json', 'out.json', '--profile', 'prof', '--headed'])).toEqual({
      quick: true,
      runs: 5,
      keys: 80,
      docBytes: 2_500_000,
      json: 'out.json',
      profile: 'prof',
      headed: true,
      help: false,
    });
  });

  it('refuses bad numbers and unknown options', () => {
    expect(() => parseClientBenchArgs(['--runs', '0'])).toThrow(/--runs/);
    expect(() => parseClientBenchArgs(['--keys', '2.5'])).toThrow(/whole number/);
    expect(() => parseClientBenchArgs(['--doc-mb', 'big'])).toThrow(/--doc-mb/);
    expect(() => parseClientBenchArgs(['--fast'])).toThrow();
  });
});
