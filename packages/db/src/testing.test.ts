import { afterEach, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from './testing';

describe('testDatabaseUrl', () => {
  const saved = process.env.TEST_DATABASE_URL;
  afterEach(() => {
    if (saved === undefined) delete process.env.TEST_DATABASE_URL;
    else process.env.TEST_DATABASE_URL = saved;
  });

  it('is the URL when TEST_DATABASE_URL is set, without surrounding blanks', () => {
    process.env.TEST_DATABASE_URL = ' postgres://postgres@127.0.0.1:5432/postgres\n';
    expect(testDatabaseUrl()).toBe('postgres://postgres@127.0.0.1:5432/postgres');
  });

  it.each([['unset', undefined], ['empty', ''], ['blank', '   ']])('is undefined when TEST_DATABASE_URL is %s, so PostgreSQL variants skip', (_case, value) => {
    if (value === undefined) delete process.env.TEST_DATABASE_URL;
    else process.env.TEST_DATABASE_URL = value;
    expect(testDatabaseUrl()).toBeUndefined();
  });
});
