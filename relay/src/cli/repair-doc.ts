import type { Database } from '@rpg-bot/db';
import { pendingMigrations } from '@rpg-bot/db';
import { relayMigrations } from '../migrations';
import { planDocRepair } from '../sync/doc-repair';
import { PostgresUpdateLog } from '../sync/postgres-update-log';

/** What `repair-doc` found and did. */
export interface RepairDocReport {
  readonly docId: string;
  /**
   * `unknown_doc`: nothing is stored for it; `loadable`: nothing to repair; `repaired`: the rows
   * in `dropped` were emptied; `would_repair`: the same, not written (`--dry-run`);
   * `unrepairable`: even without the offending rows the doc does not load (nothing written).
   */
  readonly outcome: 'unknown_doc' | 'loadable' | 'repaired' | 'would_repair' | 'unrepairable';
  /** Rows whose content was (or would be) dropped, and why; seqs, authors and times stay. */
  readonly dropped: readonly { readonly seq: number; readonly problem: string }[];
  readonly snapshotProblem?: string;
  /** Kept history checkpoints whose state did not load; they are (or would be) rebased on what loads. */
  readonly checkpointProblems?: readonly { readonly seq: number; readonly problem: string }[];
  readonly unrepairable?: string;
}

/** The database has not been migrated by this release of the relay (start it once first). */
export class NotMigratedError extends Error {
  override readonly name = 'NotMigratedError';
}

/**
 * SYNC-UPDATE-7 as an admin command: checks one stored doc with the same integration check new
 * updates pass and, unless `dryRun`, empties the rows that break it (everything else kept byte
 * for byte). The relay repairs docs like this by itself when it loads them; this command is for
 * checking or repairing a doc without opening it, e.g. after restoring a backup.
 */
export async function repairDoc(db: Database, docId: string, options: { readonly dryRun: boolean }): Promise<RepairDocReport> {
  const pending = await pendingMigrations(db, relayMigrations, { scope: 'relay' });
  if (pending.length > 0) throw new NotMigratedError(`the database is not migrated (pending: ${pending.join(', ')}): start the app once (npm start, or the relay with this DATABASE_URL), then run this again`);
  const log = new PostgresUpdateLog(db);
  const plan = await planDocRepair(log, docId);
  if (plan.state.snapshot === null && plan.state.tail.length === 0) return { docId, outcome: 'unknown_doc', dropped: [] };
  const details = {
    dropped: plan.dropped,
    ...(plan.snapshotProblem === undefined ? {} : { snapshotProblem: plan.snapshotProblem }),
    ...(plan.checkpointProblems === undefined ? {} : { checkpointProblems: plan.checkpointProblems }),
  };
  if (plan.unrepairable !== undefined) return { docId, outcome: 'unrepairable', ...details, unrepairable: plan.unrepairable };
  const nothingToDo = plan.dropped.length === 0 && plan.snapshotProblem === undefined && plan.checkpointProblems === undefined;
  if (nothingToDo) return { docId, outcome: 'loadable', dropped: [] };
  if (options.dryRun) return { docId, outcome: 'would_repair', ...details };
  await log.rewrite(docId, plan.changes);
  return { docId, outcome: 'repaired', ...details };
}
