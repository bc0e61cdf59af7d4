import { afterAll, beforeAll, describe } from 'vitest';
import { createContext } from './conformance/context';
import { lifecycleTests } from './conformance/lifecycle';
import { migrationTests } from './conformance/migrations';
import { notifyTests } from './conformance/notify';
import { queryTests } from './conformance/queries';
import { transactionTests } from './conformance/transactions';
import { typeTests } from './conformance/types';
import type { Database } from './database';

/** What `setup` returns: a database for the whole suite, and how to dispose of it. */
export interface ConformanceSetup {
  readonly db: Database;
  cleanup(): Promise<void>;
}

/**
 * The behaviour every `Database` adapter must share, as vitest tests. An adapter's test file is
 * its setup plus this call; `setup` runs once, and the suite closes the database in its last test
 * (so `cleanup` must tolerate a closed database — `close()` is idempotent).
 *
 * @example
 * runDatabaseConformance('PGlite (memory)', () => createTestPgliteDatabase());
 */
export function runDatabaseConformance(name: string, setup: () => Promise<ConformanceSetup>): void {
  describe(`Database conformance: ${name}`, () => {
    const context = createContext();
    let cleanup: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      const ready = await setup();
      context.set(ready.db);
      cleanup = () => ready.cleanup();
    });

    afterAll(async () => {
      await cleanup?.();
      context.set(undefined);
    });

    describe('queries and errors', () => {
      queryTests(context);
    });
    describe('type mapping', () => {
      typeTests(context);
    });
    describe('transactions', () => {
      transactionTests(context);
    });
    describe('listen and notify', () => {
      notifyTests(context);
    });
    describe('migrations', () => {
      migrationTests(context);
    });
    describe('close', () => {
      lifecycleTests(context);
    });
  });
}
