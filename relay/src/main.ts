// The relay alone, for scale-out: several relay processes share one PostgreSQL server.
import { runMain } from '@rpg-bot/runtime';
import { relayModule } from './relay-module';
import { relayVersion } from './version';

await runMain({
  modules: [relayModule],
  version: relayVersion,
  requireConfig: (config) =>
    config.databaseUrl === undefined
      ? 'DATABASE_URL is required to run the relay on its own (processes share one PostgreSQL server). For the all-in-one app on the embedded database, run `npm start`.'
      : null,
});
