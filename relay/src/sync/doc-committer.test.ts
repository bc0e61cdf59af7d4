import { runMigrations } from '@rpg-bot/db';
import { createTestPgliteDatabase } from '@rpg-bot/db/testing';
import type { TestDatabase } from '@rpg-bot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWriter } from './conformance/fixtures';
import { DocCommitter } from './doc-committer';
import type { DocCommitterOptions } from './doc-committer';
import { InMemoryUpdateLog } from './in-memory-update-log';
import { syncMigrations } from './migrations';
import { PostgresUpdateLog } from './postgres-update-log';
import { FAILING_AUTHOR_ID, failSyncWritesWhere } from './testing-write-failures';
import type { AppendBatchResult, UpdateLog } from './types';

const meta = (authorId = 'alice') => ({ authorId, at: new Date(Date.UTC(2026, 0, 1)) });
const seqOf = (result: AppendBatchResult) => ('refused' in result ? result.refused : result.seq);

/** A committer that records its batches and commits (origins are plain labels). */
function recorded(log: Pick<UpdateLog, 'appendBatch'>, options: Partial<DocCommitterOptions<string>> = {}) {
  const batches: number[] = [];
  const events: string[] = [];
  const committer = new DocCommitter<string>({
    docId: 'doc',
    log,
    onBatch: (items) => batches.push(items),
    onCommitted: (stored) => events.push(...stored.map((item) => `committed ${item.origin}@${String(item.seq)}`)),
    ...options,
  });
  const submit = (origin: string, update: Uint8Array, authorId?: string) =>
    committer.submit({ update, meta: meta(authorId) }, origin).then((result) => {
      events.push(`answered ${origin}`);
      return result;
    });
  return { committer, batches, events, submit };
}

describe('DocCommitter', () => {
  it('commits the submissions of one tick together, and what arrives meanwhile as the next batch', async () => {
    const writer = createWriter(1);
    const { batches, events, submit, committer } = recorded(new InMemoryUpdateLog(), {
      onCommitted: (stored) => {
        events.push(...stored.map((item) => `committed ${item.origin}@${String(item.seq)}`));
        // Submitted while the first batch is still being settled: it must wait for the next one.
        if (stored.some((item) => item.origin === 'a')) late = submit('late', writer.type('!'));
      },
    });
    let late: Promise<AppendBatchResult> | undefined;
    const first = await Promise.all([submit('a', writer.type('a')), submit('b', writer.type('b')), submit('c', writer.type('c'))]);
    expect(first.map(seqOf)).toEqual([1, 2, 3]);
    expect(late === undefined ? undefined : seqOf(await late)).toBe(4);
    expect(batches).toEqual([3, 1]);
    // Cache and broadcast (onCommitted) in seq order, before any answer of that batch.
    expect(events).toEqual(['committed a@1', 'committed b@2', 'committed c@3', 'answered a', 'answered b', 'answered c', 'committed late@4', 'answered late']);
    expect(committer.busy).toBe(false);
  });

  it('caps a batch by items and bytes, but always takes at least one item', async () => {
    const writer = createWriter(2);
    const byItems = recorded(new InMemoryUpdateLog(), { maxItems: 2 });
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((text) => byItems.submit(text, writer.type(text))));
    expect(byItems.batches).toEqual([2, 2, 1]);
    const other = createWriter(3);
    const big = other.type('x'.repeat(100));
    const byBytes = recorded(new InMemoryUpdateLog(), { maxBytes: 50 });
    await Promise.all([byBytes.submit('big', big), byBytes.submit('small', other.type('y')), byBytes.submit('small2', other.type('z'))]);
    expect(byBytes.batches).toEqual([1, 2]);
  });

  it('answers refusals and duplicates per item; only stored items reach onCommitted', async () => {
    const writer = createWriter(4);
    const first = writer.type('a');
    const { events, submit } = recorded(new InMemoryUpdateLog());
    const results = await Promise.all([submit('a', first), submit('bad', new Uint8Array([255, 255, 255, 255, 1])), submit('again', first), submit('b', writer.type('b'))]);
    expect(results).toEqual([
      { seq: 1, duplicate: false },
      { refused: 'invalid_update', message: expect.any(String) as unknown },
      { seq: 1, duplicate: true },
      { seq: 2, duplicate: false },
    ]);
    expect(events.filter((event) => event.startsWith('committed'))).toEqual(['committed a@1', 'committed b@2']);
  });

  describe('on a database whose transaction fails', () => {
    let database: TestDatabase | undefined;
    beforeAll(async () => {
      database = await createTestPgliteDatabase();
      await runMigrations(database.db, syncMigrations);
      await failSyncWritesWhere(database.db, 'fail_committer_author', `NEW.author_id = '${FAILING_AUTHOR_ID}'`);
    });
    afterAll(async () => {
      await database?.cleanup();
    });

    it('SYNC-ACK-5: fails the batch and everything queued behind it, then keeps serving', async () => {
      if (database === undefined) throw new Error('no database');
      const log = new PostgresUpdateLog(database.db);
      const writer = createWriter(5);
      const { submit, events } = recorded(log, { maxItems: 1 });
      const settled = await Promise.allSettled([
        submit('ok1', writer.type('1')),
        submit('fails', createWriter(6).type('x'), FAILING_AUTHOR_ID),
        submit('queued1', writer.type('2')),
        submit('queued2', writer.type('3')),
      ]);
      expect(settled.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected']);
      expect(events).toEqual(['committed ok1@1', 'answered ok1']);
      expect(seqOf(await submit('later', writer.type('4')))).toBe(2);
      expect((await log.readSince('doc', 0)).map((entry) => entry.seq)).toEqual([1, 2]);
    });
  });
});
