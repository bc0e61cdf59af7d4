import type { Database, Migration } from '@rpg-bot/db';
import { pendingMigrations } from '@rpg-bot/db';
import type { ReadinessReport } from '@rpg-bot/http';
import type { Logger } from '@rpg-bot/observability';

/** Readiness = the database answers and every service's migrations are applied. */
export function createReadinessCheck(
  db: Database,
  /** Each service's migrations under its scope (the service's name, as `runMigrations` recorded them). */
  migrationSets: readonly { readonly scope: string; readonly migrations: readonly Migration[] }[],
  clock: () => number,
  logger: Logger,
): () => Promise<ReadinessReport> {
  return async () => {
    const started = clock();
    try {
      await db.ping();
    } catch (error) {
      // /readyz is public: the cause (which may name internal hosts) goes to the log, not the response.
      logger.warn({ err: error }, 'readiness: database unreachable');
      return {
        status: 'not_ready',
        checks: {
          database: { ok: false, error: 'database unreachable' },
          migrations: { ok: false, pending: [] },
        },
      };
    }
    const latencyMs = clock() - started;
    const pending = (await Promise.all(migrationSets.map((set) => pendingMigrations(db, set.migrations, { scope: set.scope })))).flat();
    return {
      status: pending.length === 0 ? 'ready' : 'not_ready',
      checks: { database: { ok: true, latencyMs }, migrations: { ok: pending.length === 0, pending } },
    };
  };
}
