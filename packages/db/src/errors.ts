const SQLSTATE = /^[0-9A-Z]{5}$/;

/** Options of {@link DatabaseError}. */
export interface DatabaseErrorOptions {
  /** SQLSTATE, only when the server gave one. */
  readonly code?: string | undefined;
  /** Name of the violated constraint, when the server gave one. */
  readonly constraint?: string | undefined;
  readonly cause?: unknown;
}

/**
 * Every failure of a `Database` method: `code` is the SQLSTATE when the server gave one
 * (e.g. `23505` unique violation, `42601` syntax error), `cause` the driver's original error.
 */
export class DatabaseError extends Error {
  readonly code: string | undefined;
  readonly constraint: string | undefined;

  constructor(message: string, options: DatabaseErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DatabaseError';
    this.code = options.code;
    this.constraint = options.constraint;
  }
}

function stringField(value: object, key: string): string | undefined {
  const field: unknown = (value as Record<string, unknown>)[key];
  return typeof field === 'string' && field !== '' ? field : undefined;
}

/**
 * Drivers attach the statement's parameters to their errors (PGlite: `params`); parameters can be
 * secrets and errors get logged, so they are removed (or at least hidden from serialisers).
 */
function dropParameters(error: object): void {
  for (const key of ['params', 'parameters', 'values']) {
    if (Object.prototype.hasOwnProperty.call(error, key) && !Reflect.deleteProperty(error, key)) {
      Object.defineProperty(error, key, { enumerable: false });
    }
  }
}

/**
 * Wraps any driver failure as a {@link DatabaseError}. One that already is passes through, or,
 * with a context, is wrapped in one whose message starts with the context (same code).
 */
export function toDatabaseError(error: unknown, context?: string): DatabaseError {
  if (error instanceof DatabaseError) {
    if (context === undefined) return error;
    return new DatabaseError(`${context}: ${error.message}`, {
      code: error.code,
      constraint: error.constraint,
      cause: error,
    });
  }
  if (typeof error !== 'object' || error === null) {
    return new DatabaseError(context ?? `Database failure: ${String(error)}`, { cause: error });
  }
  dropParameters(error);
  const code = stringField(error, 'code');
  const message = stringField(error, 'message') ?? 'Database failure';
  return new DatabaseError(context === undefined ? message : `${context}: ${message}`, {
    code: code !== undefined && SQLSTATE.test(code) ? code : undefined,
    constraint: stringField(error, 'constraint'),
    cause: error,
  });
}
