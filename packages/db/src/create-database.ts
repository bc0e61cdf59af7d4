import { AsyncLocalStorage } from 'node:async_hooks';
import { assertChannel } from './channel';
import type { Database, ListenOptions, Queryable } from './database';
import type { Driver } from './driver';
import { DatabaseError, toDatabaseError } from './errors';
import type { DbLogger } from './logger';
import { runScript, runStatement } from './run-statement';
import { runTransaction } from './transaction';
import type { TransactionState } from './transaction';

/**
 * Wraps a driver into a {@link Database}: the parts both adapters share (parameter encoding, row
 * decoding, DatabaseError, transactions, channel names, closed state) live here, so the
 * conformance suite exercises one implementation of them.
 */
export function createDatabase(driver: Driver, logger: DbLogger): Database {
  const insideTransaction = new AsyncLocalStorage<TransactionState>();
  let closing: Promise<void> | undefined;

  const ensureUsable = (): void => {
    if (closing !== undefined) throw new DatabaseError('The database is closed');
    if (insideTransaction.getStore()?.active === true) {
      throw new DatabaseError(
        'The Database was called from inside its own transaction; use the tx argument of transaction() instead',
      );
    }
  };

  const subscribe = async (
    channel: string,
    onNotify: (payload: string) => void,
    options: ListenOptions | undefined,
  ): Promise<() => Promise<void>> => {
    const deliver = (payload: string): void => {
      try {
        onNotify(payload);
      } catch (error) {
        logger.error({ err: error, channel }, 'notification handler threw');
      }
    };
    const onReconnect = options?.onReconnect;
    const reconnected = (): void => {
      try {
        onReconnect?.();
      } catch (error) {
        logger.error({ err: error, channel }, 'reconnect handler threw');
      }
    };
    let unlisten;
    try {
      unlisten = await driver.listen(channel, deliver, onReconnect === undefined ? undefined : { onReconnect: reconnected });
    } catch (error) {
      throw toDatabaseError(error, `LISTEN ${channel} failed`);
    }
    let done = false;
    return async () => {
      if (done || closing !== undefined) return;
      done = true;
      try {
        await unlisten();
      } catch (error) {
        throw toDatabaseError(error, `UNLISTEN ${channel} failed`);
      }
    };
  };

  return {
    kind: driver.kind,
    async query<R extends Record<string, unknown>>(sql: string, params?: readonly unknown[]) {
      ensureUsable();
      return runStatement<R>(driver, sql, params);
    },
    async exec(sql: string) {
      ensureUsable();
      await runScript(driver, sql);
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      ensureUsable();
      const enter = (state: TransactionState, body: () => Promise<T>): Promise<T> =>
        insideTransaction.run(state, body);
      const progress = { connected: false };
      try {
        return await driver.withSession((session) => {
          progress.connected = true;
          return runTransaction(session, fn, enter, logger);
        });
      } catch (error) {
        // Errors of fn pass through unchanged; only a failure to get a connection is wrapped here.
        throw progress.connected ? error : toDatabaseError(error, 'Could not start a transaction');
      }
    },
    async listen(channel, onNotify, options) {
      ensureUsable();
      assertChannel(channel);
      return subscribe(channel, onNotify, options);
    },
    async notify(channel, payload) {
      ensureUsable();
      assertChannel(channel);
      await runStatement(driver, 'SELECT pg_notify($1, $2)', [channel, payload]);
    },
    async hasExtension(name) {
      ensureUsable();
      const { rows } = await runStatement<{ available: boolean }>(
        driver,
        'SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = $1) AS available',
        [name],
      );
      return rows[0]?.available === true;
    },
    async ping() {
      ensureUsable();
      try {
        driver.checkHealth();
      } catch (error) {
        throw toDatabaseError(error);
      }
      await runStatement(driver, 'SELECT 1', []);
    },
    close() {
      closing ??= driver.close().catch((error: unknown) => {
        throw toDatabaseError(error, 'Closing the database failed');
      });
      return closing;
    },
  };
}
