// Test support (not exported from index.ts): makes the real database refuse some writes, so tests
// see genuine transaction failures (rollback included) instead of a fake log.
import type { Queryable } from '@rpg-bot/db';

/**
 * Installs a trigger that fails every INSERT into `sync_updates` whose row matches `condition`
 * (SQL over `NEW`, e.g. `NEW.author_id = 'storage-failure'`). `name` must be a plain identifier.
 */
export async function failSyncWritesWhere(db: Queryable, name: string, condition: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain identifier: ${name}`);
  await db.exec(`
    CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      IF ${condition} THEN RAISE EXCEPTION 'test write failure (%)', '${name}'; END IF;
      RETURN NEW;
    END $fn$;
    CREATE TRIGGER ${name} BEFORE INSERT ON sync_updates FOR EACH ROW EXECUTE FUNCTION ${name}();
  `);
}

/** The author id the conformance suite's atomicity case writes with. */
export const FAILING_AUTHOR_ID = 'storage-failure';
