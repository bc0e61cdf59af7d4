import { expect } from 'vitest';
import { DatabaseError } from '../errors';

/** Awaits a promise that must reject with a DatabaseError (with `code`, when given); returns the error. */
export async function expectDatabaseError(promise: Promise<unknown>, code?: string): Promise<DatabaseError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected a rejection').toBeInstanceOf(DatabaseError);
  const error = caught as DatabaseError;
  if (code !== undefined) expect(error.code, error.message).toBe(code);
  return error;
}
