import { afterEach, describe, expect, it, vi } from 'vitest';
import { runMain } from './run-main';

describe('runMain', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  it('stops start-up on a bad environment value with one message naming the variable and exit code 1', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const stack = await runMain({ modules: [], version: 'test' }, { PORT: 'eighty' });
    expect(stack).toBeNull();
    expect(process.exitCode).toBe(1);
    const written = stderr.mock.calls.map((call) => String(call[0])).join('');
    expect(written).toContain('PORT');
    expect(written).toContain('eighty');
  });

  it('refuses to start when a service-specific requirement is not met', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const stack = await runMain(
      { modules: [], version: 'test', requireConfig: (c) => (c.databaseUrl === undefined ? 'DATABASE_URL is required' : null) },
      {},
    );
    expect(stack).toBeNull();
    expect(process.exitCode).toBe(1);
    expect(stderr.mock.calls.map((call) => String(call[0])).join('')).toContain('DATABASE_URL is required');
  });
});
