import { describe, expect, it } from 'vitest';
import { DatabaseError, toDatabaseError } from './errors';

describe('toDatabaseError', () => {
  it('keeps a SQLSTATE code and the constraint, with the original as cause', () => {
    const original = Object.assign(new Error('duplicate key'), { code: '23505', constraint: 'users_email_key' });
    const error = toDatabaseError(original);
    expect(error).toBeInstanceOf(DatabaseError);
    expect(error.name).toBe('DatabaseError');
    expect(error.message).toBe('duplicate key');
    expect(error.code).toBe('23505');
    expect(error.constraint).toBe('users_email_key');
    expect(error.cause).toBe(original);
  });

  it('drops codes that are not SQLSTATEs (network errors)', () => {
    const error = toDatabaseError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    expect(error.code).toBeUndefined();
  });

  it('removes the parameters drivers attach to their errors', () => {
    const original = Object.assign(new Error('bad'), { params: ['secret-token'] });
    toDatabaseError(original);
    expect(JSON.stringify(original)).not.toContain('secret-token');
    expect(Object.keys(original)).not.toContain('params');
  });

  it('passes a DatabaseError through, or prefixes a context keeping the code', () => {
    const inner = new DatabaseError('relation "x" does not exist', { code: '42P01' });
    expect(toDatabaseError(inner)).toBe(inner);
    const wrapped = toDatabaseError(inner, 'Migration 0002_x failed');
    expect(wrapped.message).toBe('Migration 0002_x failed: relation "x" does not exist');
    expect(wrapped.code).toBe('42P01');
    expect(wrapped.cause).toBe(inner);
  });

  it('wraps non-errors', () => {
    expect(toDatabaseError('boom').message).toMatch(/boom/);
    expect(toDatabaseError(undefined, 'context').message).toBe('context');
  });
});
