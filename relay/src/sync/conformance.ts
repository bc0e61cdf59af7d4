import { afterAll, beforeAll, describe } from 'vitest';
import { appendTests } from './conformance/append';
import { appendBatchTests } from './conformance/append-batch';
import { compactionTests } from './conformance/compaction';
import { historyTests } from './conformance/history';
import { rewriteTests } from './conformance/rewrite';
import type { UpdateLog } from './types';

/** What `setup` returns: a log whose tables exist (migrated), and how to dispose of it. */
export interface UpdateLogConformanceSetup {
  readonly log: UpdateLog;
  cleanup(): Promise<void>;
}

/** What an adapter can additionally offer the suite. */
export interface UpdateLogConformanceOptions {
  /** An author whose rows the storage refuses to write (e.g. a trigger), to check that a failed batch stores nothing. */
  readonly failingAuthorId?: string;
}

/**
 * The behaviour every `UpdateLog` adapter must share, as vitest tests; an adapter's test file is
 * its setup plus this call. `setup` runs once per suite; every test uses its own doc ids.
 * Tests cite SPEC rule ids (SYNC-ACK-2, SYNC-ACK-7) where they check one.
 */
export function runUpdateLogConformance(
  name: string,
  setup: () => Promise<UpdateLogConformanceSetup>,
  options: UpdateLogConformanceOptions = {},
): void {
  describe(`UpdateLog conformance: ${name}`, () => {
    let ready: UpdateLogConformanceSetup | undefined;
    const log = (): UpdateLog => {
      if (ready === undefined) throw new Error('setup did not run');
      return ready.log;
    };

    beforeAll(async () => {
      ready = await setup();
    });
    afterAll(async () => {
      await ready?.cleanup();
    });

    appendTests(log);
    appendBatchTests(log, options.failingAuthorId);
    compactionTests(log);
    historyTests(log);
    rewriteTests(log);
  });
}
