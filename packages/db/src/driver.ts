import type { RawField, RawValue } from './codec/decode';
import type { DriverParam } from './codec/params';
import type { ListenOptions } from './database';

/** What a driver returns for one statement: raw text values, decoded later in one place. */
export interface RawResult {
  readonly fields: readonly RawField[];
  readonly rows: readonly (readonly RawValue[])[];
  readonly rowCount: number;
  /** The command tag's verb (e.g. `COMMIT`, or `ROLLBACK` when COMMIT found an aborted transaction). */
  readonly command: string | undefined;
}

/** One connection's worth of statements, with already encoded parameters (text, NULL, or binary bytes). */
export interface RawQueryable {
  query(sql: string, params: readonly DriverParam[]): Promise<RawResult>;
  exec(sql: string): Promise<void>;
}

/** A connection held exclusively for one transaction. */
export interface DriverSession extends RawQueryable {
  /** The connection's state is unknown (ROLLBACK failed): do not reuse it. */
  discard(): void;
}

/**
 * What an adapter implements; `createDatabase` adds encoding, decoding, errors, transactions and
 * the checks both adapters share. Errors may be the driver's own; the core wraps them.
 */
export interface Driver extends RawQueryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn with a connection no other caller uses until fn settles. */
  withSession<T>(fn: (session: DriverSession) => Promise<T>): Promise<T>;
  /** LISTEN; resolves once listening. The returned function UNLISTENs this subscription only. */
  listen(channel: string, onNotify: (payload: string) => void, options?: ListenOptions): Promise<() => Promise<void>>;
  /** Throws when the driver knows it cannot serve (e.g. its LISTEN connection is down). */
  checkHealth(): void;
  close(): Promise<void>;
}
