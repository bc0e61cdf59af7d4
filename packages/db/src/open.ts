import { join } from 'node:path';
import type { Database } from './database';
import type { DbLogger } from './logger';
import { createPgliteDatabase } from './pglite';
import { createPostgresDatabase } from './postgres';

/** Options of {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /** PostgreSQL URL; unset or empty selects the embedded database. */
  readonly databaseUrl?: string | undefined;
  /** The service's data directory; the embedded database lives in `${dataDir}/pglite`. */
  readonly dataDir: string;
  readonly logger?: DbLogger | undefined;
}

/** PostgreSQL when `databaseUrl` is set, otherwise PGlite under `${dataDir}/pglite`. */
export function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const logger = options.logger;
  if (options.databaseUrl !== undefined && options.databaseUrl !== '') {
    return createPostgresDatabase({ url: options.databaseUrl, logger });
  }
  return createPgliteDatabase({ dataDir: join(options.dataDir, 'pglite'), logger });
}
