// SYNC-UPDATE-7: a doc damaged before the integration checks is repaired when it is next written.
import { runMigrations } from '@rpg-bot/db';
import { createTestPgliteDatabase, createTestPostgresDatabase, testDatabaseUrl } from '@rpg-bot/db/testing';
import type { TestDatabase } from '@rpg-bot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { loadabilityProblem } from './doc-loadability';
import { DocMirrors } from './doc-mirrors';
import { syncMigrations } from './migrations';
import { PostgresUpdateLog } from './postgres-update-log';
import { storeDamagedDoc } from './testing-damaged-update';

const url = testDatabaseUrl();
const backends: { name: string; open: () => Promise<TestDatabase> }[] = [
  { name: 'PGlite', open: () => createTestPgliteDatabase() },
  ...(url === undefined ? [] : [{ name: 'PostgreSQL', open: () => createTestPostgresDatabase(url) }]),
];
if (url === undefined) console.log('doc-repair: real PostgreSQL variant skipped (TEST_DATABASE_URL unset)');

describe.each(backends)('SYNC-UPDATE-7 repair at load on $name', ({ open }) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await open();
    await runMigrations(test.db, syncMigrations);
  });
  afterAll(async () => {
    await test.cleanup();
  });

  it('drops the content of the offending row, keeps every other edit, and logs what it dropped', async () => {
    const log = new PostgresUpdateLog(test.db);
    const docId = 'damaged';
    // 'before ', the row the old relay accepted (written as it wrote rows), 'after'.
    const { writer, updates } = await storeDamagedDoc(test.db, docId, 7);
    const damaged = await log.loadState(docId);
    expect(loadabilityProblem(Y.mergeUpdates(damaged.tail.map((e) => e.update)))).not.toBeNull();

    const warnings: unknown[] = [];
    const repaired: string[] = [];
    const logger = { warn: (fields: unknown) => warnings.push(fields), error: () => undefined } as never;
    const mirrors = new DocMirrors({ log, heldSeq: () => 3, logger, onRepaired: (id) => repaired.push(id) });
    writer.getText('t').insert(0, '!');
    const [verdict] = await mirrors.admit(docId, [updates[2] ?? new Uint8Array()]);
    expect(verdict).toHaveProperty('store');

    const state = await log.loadState(docId);
    expect(state.tail.map((e) => e.seq)).toEqual([1, 2, 3]);
    const merged = Y.mergeUpdates(state.tail.map((e) => e.update));
    expect(loadabilityProblem(merged)).toBeNull();
    const joiner = new Y.Doc();
    Y.applyUpdate(joiner, merged);
    expect(joiner.getText('t').toJSON()).toBe('before after');
    expect(repaired).toEqual([docId]);
    expect(warnings).toEqual([expect.objectContaining({ docId, droppedSeqs: [2] })]);
    // The repaired doc takes appends as usual, and its size counts what is stored now.
    expect((await log.size(docId)).storedBytes).toBe(state.tail.reduce((n, e) => n + e.update.byteLength, 0));
  });

  it('repairs the kept history too: a damaged row folded into checkpoints by compaction no longer breaks stateAt', async () => {
    const log = new PostgresUpdateLog(test.db);
    const docId = 'damaged-history';
    const { writer, updates } = await storeDamagedDoc(test.db, docId, 8);
    // The old relay compacted it with its history: the poison is in the snapshot and the checkpoints.
    await log.compact(docId, { keepHistory: true });
    const compacted = await log.loadState(docId);
    expect(compacted.snapshotSeq).toBe(3);
    expect(loadabilityProblem(compacted.snapshot ?? new Uint8Array())).not.toBeNull();
    expect((await log.checkpoints(docId)).map((c) => c.seq)).toEqual([1, 2, 3]);
    const damagedAt2 = await log.stateAt(docId, 2).then((state) => loadabilityProblem(state), (error: unknown) => String(error));
    expect(damagedAt2).not.toBeNull();

    const warnings: { checkpointProblems?: { seq: number }[] }[] = [];
    const logger = { warn: (fields: (typeof warnings)[number]) => warnings.push(fields), error: () => undefined } as never;
    const mirrors = new DocMirrors({ log, heldSeq: () => 3, logger });
    writer.getText('t').insert(0, '!');
    const [verdict] = await mirrors.admit(docId, [updates[2] ?? new Uint8Array()]);
    expect(verdict).toHaveProperty('store');

    // The snapshot (seq 3) could not be repaired before: what integrated still held the poison.
    expect(warnings[0]).toMatchObject({ snapshotProblem: expect.stringContaining('2^53') as string });
    expect(warnings[0]?.checkpointProblems?.map((p) => p.seq)).toEqual([2]);
    const textAt = async (seq: number) => {
      const state = await log.stateAt(docId, seq);
      expect(loadabilityProblem(state)).toBeNull();
      const doc = new Y.Doc();
      Y.applyUpdate(doc, state);
      return doc.getText('t').toJSON();
    };
    expect(await textAt(1)).toBe('before ');
    expect(await textAt(2)).toBe('before ');
    expect(await textAt(3)).toBe('before after');
    // A later compaction builds its history on the repaired points.
    await log.append(docId, updates[2] ?? new Uint8Array(), { authorId: 'gm', at: new Date() });
    await log.compact(docId, { keepHistory: true });
    expect(await textAt(3)).toBe('before after');
    expect(await textAt(4)).toBe('!before after');
  });
});
