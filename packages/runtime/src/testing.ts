// Test support for suites that boot a whole stack: the database backends to run them on.
import { createTestPostgresDatabase, testDatabaseUrl } from '@rpg-bot/db/testing';

/** A database to boot a stack on: extra environment for `loadConfig`, and how to drop it. */
export interface StackTestBackend {
  readonly name: string;
  readonly setup: () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>;
}

/**
 * Embedded PGlite always; a fresh database on the real PostgreSQL server at `TEST_DATABASE_URL`
 * when it is set (`npm test` sets it) — otherwise a warning naming `suite` says that variant is skipped.
 */
export function stackTestBackends(suite: string): StackTestBackend[] {
  const adminUrl = testDatabaseUrl();
  const backends: StackTestBackend[] = [
    { name: 'PGlite', setup: () => Promise.resolve({ env: {}, cleanup: () => Promise.resolve() }) },
  ];
  if (adminUrl === undefined) {
    console.warn(`[${suite}] TEST_DATABASE_URL is not set: the real-PostgreSQL variant is skipped (npm test sets it).`);
    return backends;
  }
  backends.push({
    name: 'PostgreSQL',
    setup: async () => {
      const database = await createTestPostgresDatabase(adminUrl);
      return { env: { DATABASE_URL: database.url }, cleanup: () => database.cleanup() };
    },
  });
  return backends;
}
