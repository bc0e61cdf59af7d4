import pg from 'pg';
import { createDatabase } from './create-database';
import type { Database } from './database';
import type { Driver, DriverSession, RawQueryable, RawResult } from './driver';
import { DatabaseError, toDatabaseError } from './errors';
import type { DbLogger } from './logger';
import { silentLogger } from './logger';
import { createPostgresListener } from './postgres-listener';
import type { ListenRetry } from './postgres-listener';

/** Options of {@link createPostgresDatabase}. */
export interface PostgresDatabaseOptions {
  /** A `postgres://` connection URL. */
  readonly url: string;
  /** Pool size (default 10). The LISTEN connection comes on top of it. */
  readonly poolSize?: number | undefined;
  readonly logger?: DbLogger | undefined;
  /** Called each time the LISTEN connection is lost (it is re-established with backoff). */
  readonly onListenError?: ((error: DatabaseError) => void) | undefined;
  /** Backoff of LISTEN reconnects (default: from 100 ms, doubling, up to 5 s). */
  readonly listenRetry?: ListenRetry | undefined;
}

/** `queryMode: 'extended'` (pg ≥ 8.9, not in @types/pg) rejects multi-statement text, as PGlite does. */
interface ArrayQueryConfig extends pg.QueryArrayConfig<(string | Buffer | null)[]> {
  readonly queryMode: 'extended';
}

/** Every value stays PostgreSQL's text; decoding happens in one place for both adapters. */
const rawTypes: pg.CustomTypesConfig = { getTypeParser: () => (value: string) => value };

/** DateStyle and bytea_output fix the text forms the decoder reads, whatever the server's defaults. */
const SESSION_OPTIONS = '-c DateStyle=ISO,MDY -c bytea_output=hex';

function connectionConfig(url: string): pg.ClientConfig {
  return { connectionString: url, types: rawTypes, options: SESSION_OPTIONS };
}

function toRawResult(result: pg.QueryArrayResult<(string | null)[]>): RawResult {
  return {
    fields: result.fields.map((field) => ({ name: field.name, typeId: field.dataTypeID })),
    rows: result.rows,
    rowCount: result.rowCount ?? 0,
    command: result.command,
  };
}

function on(target: pg.Pool | pg.PoolClient): RawQueryable {
  return {
    async query(sql, params) {
      // pg sends a Buffer parameter in binary format; text stays text.
      const values = params.map((value) => (value instanceof Uint8Array ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value));
      const config: ArrayQueryConfig = { text: sql, values, rowMode: 'array', queryMode: 'extended' };
      return toRawResult(await target.query(config));
    },
    async exec(sql) {
      // Without values pg uses the simple query protocol, which accepts several statements.
      await target.query(sql);
    },
  };
}

async function withClient<T>(pool: pg.Pool, logger: DbLogger, fn: (session: DriverSession) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A checked-out client has no pool listener; without this an error between statements would crash the process.
  const onClientError = (error: Error): void => {
    logger.error({ err: toDatabaseError(error) }, 'PostgreSQL connection failed during a transaction');
  };
  client.on('error', onClientError);
  let discard = false;
  try {
    return await fn({ ...on(client), discard: () => (discard = true) });
  } finally {
    client.off('error', onClientError);
    client.release(discard);
  }
}

/**
 * Connects to a PostgreSQL server through a `pg.Pool` (lazily: the first statement connects; call
 * `ping()` to fail fast). Transactions run on one checked-out connection; LISTEN uses a dedicated
 * connection, re-established with backoff when lost. Connection errors are logged and never crash the process.
 */
export function createPostgresDatabase(options: PostgresDatabaseOptions): Promise<Database> {
  try {
    assertPostgresUrl(options.url);
    return Promise.resolve(openPool(options));
  } catch (error) {
    return Promise.reject(toDatabaseError(error));
  }
}

function assertPostgresUrl(url: string): void {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    // The URL is not echoed: it usually carries a password.
    throw new DatabaseError('The database URL is not a valid URL; expected postgres://user:password@host:port/database');
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    throw new DatabaseError(`The database URL has protocol ${protocol}; expected postgres: or postgresql:`);
  }
}

function openPool(options: PostgresDatabaseOptions): Database {
  const logger = options.logger ?? silentLogger;
  const pool = new pg.Pool({ ...connectionConfig(options.url), max: options.poolSize ?? 10 });
  pool.on('error', (error) => {
    logger.error({ err: toDatabaseError(error) }, 'idle PostgreSQL connection failed');
  });
  const listener = createPostgresListener({
    newClient: () => new pg.Client(connectionConfig(options.url)),
    logger,
    onError: options.onListenError,
    retry: options.listenRetry,
  });
  const driver: Driver = {
    kind: 'postgres',
    ...on(pool),
    withSession: (fn) => withClient(pool, logger, fn),
    listen: (channel, onNotify, listenOptions) => listener.listen(channel, onNotify, listenOptions),
    checkHealth() {
      if (listener.failure !== undefined) throw listener.failure;
    },
    async close() {
      await listener.close();
      await pool.end();
    },
  };
  return createDatabase(driver, logger);
}
