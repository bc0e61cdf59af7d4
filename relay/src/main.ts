// The relay alone, for scale-out: several relay processes share one PostgreSQL server.
// With arguments, an admin command instead (`npm run relay -- repair-doc <docId>`).
import { runMain } from '@rpg-bot/runtime';
import { runCommand } from './cli/main-command';
import { relayModule } from './relay-module';
import { relayVersion } from './version';

const args = process.argv.slice(2);
if (args.length > 0) {
  process.exitCode = await runCommand(args, process.env, {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
  });
} else {
  await runMain({
    modules: [relayModule],
    version: relayVersion,
    requireConfig: (config) =>
      config.databaseUrl === undefined
        ? 'DATABASE_URL is required to run the relay on its own (processes share one PostgreSQL server). For the all-in-one app on the embedded database, run `npm start`.'
        : null,
  });
}
