// The jobs service alone, for scale-out against a shared PostgreSQL server.
import { runMain } from '@rpg-bot/runtime';
import { jobsModule } from './jobs-module';
import { jobsVersion } from './version';

await runMain({
  modules: [jobsModule],
  version: jobsVersion,
  requireConfig: (config) =>
    config.databaseUrl === undefined
      ? 'DATABASE_URL is required to run the jobs service on its own (processes share one PostgreSQL server). For the all-in-one app on the embedded database, run `npm start`.'
      : null,
});
