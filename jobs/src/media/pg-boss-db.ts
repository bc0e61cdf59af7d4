import type { Queryable } from '@rpg-bot/db';

/** The `db` object pg-boss accepts instead of a connection string: one `executeSql` call per statement or script. */
export interface PgBossDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number }>;
}

/**
 * pg-boss over the project's `Database` port (PGlite or a server), so the queue uses the same
 * connection, transactions and error mapping as everything else. pg-boss sends one parameterised
 * statement per call, except its schema installs and locked maintenance blocks, which are
 * parameterless scripts (`BEGIN; …; COMMIT;`): those run through `exec`, which takes several
 * statements but returns no rows (pg-boss reads none from them).
 */
export function pgBossDb(db: Queryable): PgBossDb {
  return {
    async executeSql(text, values) {
      if ((values === undefined || values.length === 0) && isScript(text)) {
        await db.exec(text);
        return { rows: [], rowCount: 0 };
      }
      return db.query(text, values ?? []);
    },
  };
}

/** Whether `sql` holds more than one statement (a `;` followed by more SQL; pg-boss's scripts have no `;` in literals). */
function isScript(sql: string): boolean {
  const trimmed = sql.trim().replace(/;\s*$/, '');
  return trimmed.includes(';');
}
