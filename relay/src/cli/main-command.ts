import { ConfigError, loadConfig } from '@rpg-bot/config';
import { openDatabase } from '@rpg-bot/db';
import { createLogger } from '@rpg-bot/observability';
import { NotMigratedError, repairDoc } from './repair-doc';

export const USAGE = `Usage: npm run relay -- repair-doc <docId> [--dry-run]

  repair-doc   checks a stored doc and empties the rows that keep it from loading (SYNC-UPDATE-7);
               --dry-run reports what it would drop and writes nothing.
               Uses DATABASE_URL, or the embedded database in DATA_DIR (stop \`npm start\` first:
               the embedded database takes one process at a time).`;

/** Where the command writes: the report as one JSON line on stdout, messages on stderr. */
export interface CommandOutput {
  stdout(line: string): void;
  stderr(line: string): void;
}

/**
 * `relay <command> …`: the relay's admin commands. Returns the exit code: 0 done (also when
 * nothing needed repair), 1 the doc could not be repaired or the run failed, 2 bad usage, an
 * unknown doc, bad configuration or an unmigrated database.
 */
export async function runCommand(args: readonly string[], env: NodeJS.ProcessEnv, output: CommandOutput): Promise<number> {
  const [command, ...rest] = args;
  if (command !== 'repair-doc') {
    output.stderr(command === undefined || command === '--help' ? USAGE : `Unknown command ${JSON.stringify(command)}.\n\n${USAGE}`);
    return command === '--help' ? 0 : 2;
  }
  const dryRun = rest.includes('--dry-run');
  const positional = rest.filter((arg) => arg !== '--dry-run');
  const docId = positional[0];
  if (docId === undefined || positional.length !== 1 || docId.startsWith('-') || docId.length > 200) {
    output.stderr(USAGE);
    return 2;
  }
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      output.stderr(error.message);
      return 2;
    }
    throw error;
  }
  const logger = createLogger({ level: 'warn', name: 'relay-cli' });
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  try {
    const report = await repairDoc(db, docId, { dryRun });
    output.stdout(JSON.stringify(report));
    const said: Record<typeof report.outcome, string> = {
      unknown_doc: `No doc ${docId} is stored.`,
      loadable: `Doc ${docId} loads as stored: nothing to repair.`,
      repaired: `Repaired doc ${docId}: emptied ${String(report.dropped.length)} row(s) (seq ${report.dropped.map((d) => d.seq).join(', ')}); everything else is kept.`,
      would_repair: `Doc ${docId} needs a repair: it would empty ${String(report.dropped.length)} row(s) (seq ${report.dropped.map((d) => d.seq).join(', ')}). Nothing was written (--dry-run).`,
      unrepairable: `Doc ${docId} could not be repaired (${report.unrepairable ?? ''}); nothing was written.`,
    };
    output.stderr(said[report.outcome]);
    return report.outcome === 'unrepairable' ? 1 : report.outcome === 'unknown_doc' ? 2 : 0;
  } catch (error) {
    if (error instanceof NotMigratedError) {
      output.stderr(error.message);
      return 2;
    }
    throw error;
  } finally {
    await db.close();
  }
}
