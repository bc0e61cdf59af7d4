/** What a statement returned: decoded rows (see the README for the type mapping) and the row count. */
export interface QueryResult<R> {
  rows: R[];
  /** Rows returned (SELECT) or changed (INSERT/UPDATE/DELETE/MERGE/COPY); 0 for other commands. */
  rowCount: number;
}

/** Options of {@link Database.listen}. */
export interface ListenOptions {
  /**
   * Called after a lost LISTEN connection was re-established and every channel is LISTENed again.
   * Notifications sent while it was down are lost for good: re-read whatever they would have
   * announced. Never called on PGlite (in-process, it cannot lose the connection).
   */
  readonly onReconnect?: (() => void) | undefined;
}

/** What both a {@link Database} and a transaction handle can do. */
export interface Queryable {
  /** One parameterised statement ($1, $2 …). A second statement in `sql` is a syntax error (42601). */
  query<R extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<R>>;
  /** A multi-statement script without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/**
 * The database port: PostgreSQL semantics behind one small interface, implemented by an embedded
 * PGlite and by a PostgreSQL server (see `runDatabaseConformance` for the behaviour both share).
 * Every failure rejects with a `DatabaseError`.
 */
export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs fn in one transaction (BEGIN … COMMIT, ROLLBACK and rethrow on error). Inside fn use only
   * `tx`: calling this Database from inside its own transaction rejects with a DatabaseError
   * (on PGlite it would wait for the transaction forever; on PostgreSQL it would run outside it).
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * LISTEN on a channel (a lower-case identifier: `[a-z_][a-z0-9_]*`, at most 63 characters);
   * resolves once listening and returns an unsubscribe function. A throwing callback is logged and
   * does not affect other subscribers. Rejects while the LISTEN connection is down; a lost
   * connection is re-established with backoff and then `options.onReconnect` runs (see
   * {@link ListenOptions}). (The relay uses this for cross-process fan-out.)
   */
  listen(channel: string, onNotify: (payload: string) => void, options?: ListenOptions): Promise<() => Promise<void>>;
  /** pg_notify(channel, payload); delivered when the surrounding transaction (if any) commits. */
  notify(channel: string, payload: string): Promise<void>;
  /** Whether an extension can be created on this server (e.g. 'vector'). */
  hasExtension(name: string): Promise<boolean>;
  /** Cheap round trip for readiness probes; also fails while the LISTEN connection is down (until it is re-established). */
  ping(): Promise<void>;
  /** Waits for running work, then releases connections. Idempotent; later calls reject. */
  close(): Promise<void>;
}
