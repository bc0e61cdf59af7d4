import { mkdir } from 'node:fs/promises';
import { PGlite, types } from '@electric-sql/pglite';
import type { Results, Transaction } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { createDatabase } from './create-database';
import type { Database } from './database';
import type { Driver, DriverSession, RawQueryable, RawResult } from './driver';
import type { DbLogger } from './logger';
import { silentLogger } from './logger';
import { SerialQueue } from '@rpg-bot/kit';

/** Options of {@link createPgliteDatabase}. */
export interface PgliteDatabaseOptions {
  /** A directory (created when missing) or `'memory://'` for a database that lives in memory. */
  readonly dataDir: string;
  readonly logger?: DbLogger | undefined;
}

const MEMORY = 'memory://';

function toRawResult(result: Results<unknown[]>): RawResult {
  return {
    fields: result.fields.map((field) => ({ name: field.name, typeId: field.dataTypeID })),
    // The parsers installed in rawValues() leave every value as PostgreSQL's text (or null).
    rows: result.rows as (string | null)[][],
    rowCount: result.rowCount ?? 0,
    command: result.command,
  };
}

/** Statements on PGlite's single connection, bypassing the adapter's mutex (the caller holds it). */
function direct(pg: PGlite | Transaction): RawQueryable {
  return {
    async query(sql, params) {
      return toRawResult(await pg.query<unknown[]>(sql, [...params], { rowMode: 'array' }));
    },
    async exec(sql) {
      await pg.exec(sql);
    },
  };
}

/**
 * Makes PGlite hand back every value as text: its default parsers (and the array parsers it
 * registers at start-up) are replaced by identity functions. Parameters arrive already encoded
 * (text, or bytes for `bytea`), so every type's serializer passes them through unchanged: PGlite
 * sends a string as text and a Uint8Array in binary format, as pg does with a Buffer. (PGlite falls
 * back to `String(value)` for a type without a serializer, hence one for every type id.) Decoding
 * then happens in one place for both adapters.
 */
function rawValues(pg: PGlite): void {
  const identity = (value: string): string => value;
  pg.parsers = Object.fromEntries(Object.keys(types.parsers).map((key) => [key, identity]));
  const passThrough = (value: unknown): unknown => value;
  pg.serializers = new Proxy({}, { get: () => passThrough });
}

function pgliteDriver(pg: PGlite, logger: DbLogger): Driver {
  // PGlite is one connection: everything runs through this serial queue, so a transaction's statements
  // never interleave with another caller's (PGlite's own locks do not cover a BEGIN sent as SQL).
  const mutex = new SerialQueue();
  const connection = direct(pg);
  return {
    kind: 'pglite',
    query: (sql, params) => mutex.run(() => connection.query(sql, params)),
    exec: (sql) => mutex.run(() => connection.exec(sql)),
    withSession<T>(fn: (session: DriverSession) => Promise<T>) {
      return mutex.run(() => fn({ ...connection, discard: () => undefined }));
    },
    // No ListenOptions: PGlite runs in this process, so there is no connection to lose and onReconnect never fires.
    async listen(channel, onNotify) {
      // A fresh closure per subscription: PGlite keeps callbacks in a Set, so the same function
      // subscribed twice would otherwise be one subscription.
      const callback = (payload: string): void => {
        onNotify(payload);
      };
      const unlisten = await mutex.run(() => pg.listen(channel, callback));
      return () => mutex.run(() => unlisten());
    },
    checkHealth() {
      if (pg.closed) throw new Error('PGlite is closed');
    },
    async close() {
      await mutex.run(() => pg.close());
      logger.info({}, 'PGlite closed');
    },
  };
}

/**
 * Opens an embedded PostgreSQL (PGlite, WebAssembly) with the pgvector extension loaded, so
 * `CREATE EXTENSION vector` works. One process at a time may open a data directory.
 */
export async function createPgliteDatabase(options: PgliteDatabaseOptions): Promise<Database> {
  const logger = options.logger ?? silentLogger;
  const inMemory = options.dataDir === MEMORY;
  if (!inMemory) await mkdir(options.dataDir, { recursive: true });
  const pg = await PGlite.create({
    ...(inMemory ? {} : { dataDir: options.dataDir }),
    extensions: { vector },
  });
  rawValues(pg);
  logger.info({ dataDir: options.dataDir }, 'PGlite opened');
  return createDatabase(pgliteDriver(pg, logger), logger);
}
