import type { Queryable } from './database';
import type { DriverSession } from './driver';
import { DatabaseError, toDatabaseError } from './errors';
import type { DbLogger } from './logger';
import { runScript, runStatement } from './run-statement';

/** Whether a transaction is still open; shared with the guard that spots calls to the outer Database. */
export interface TransactionState {
  active: boolean;
}

function transactionHandle(session: DriverSession, state: TransactionState): Queryable {
  const ensureActive = (): void => {
    if (!state.active) {
      throw new DatabaseError('The transaction has already finished; use tx only inside its transaction() callback');
    }
  };
  return {
    async query<R extends Record<string, unknown>>(sql: string, params?: readonly unknown[]) {
      ensureActive();
      return runStatement<R>(session, sql, params);
    },
    async exec(sql: string) {
      ensureActive();
      await runScript(session, sql);
    },
  };
}

async function rollback(session: DriverSession, logger: DbLogger): Promise<void> {
  try {
    await session.exec('ROLLBACK');
  } catch (error) {
    logger.error({ err: toDatabaseError(error) }, 'ROLLBACK failed; discarding the connection');
    session.discard();
  }
}

/**
 * BEGIN, fn, COMMIT on one session; ROLLBACK and rethrow fn's own error when anything fails.
 * `enter` runs fn inside the state (so the Database can refuse calls made from inside it).
 */
export async function runTransaction<T>(
  session: DriverSession,
  fn: (tx: Queryable) => Promise<T>,
  enter: (state: TransactionState, body: () => Promise<T>) => Promise<T>,
  logger: DbLogger,
): Promise<T> {
  await runScript(session, 'BEGIN');
  const state: TransactionState = { active: true };
  let result: T;
  try {
    result = await enter(state, () => fn(transactionHandle(session, state)));
  } catch (error) {
    state.active = false;
    await rollback(session, logger);
    throw error;
  }
  state.active = false;
  let commit;
  try {
    commit = await session.query('COMMIT', []);
  } catch (error) {
    await rollback(session, logger);
    throw toDatabaseError(error, 'COMMIT failed');
  }
  // A statement failed inside fn and fn caught the error: PostgreSQL answers COMMIT with ROLLBACK.
  if (commit.command === 'ROLLBACK') {
    throw new DatabaseError(
      'The transaction was rolled back at COMMIT because a statement inside it had failed (the callback caught that error)',
    );
  }
  return result;
}
