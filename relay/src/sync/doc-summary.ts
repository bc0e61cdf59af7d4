import * as Y from 'yjs';
import { UpdateLogError } from './types';
import type { DecodedUpdate } from './update-invariants';

/**
 * What the log must know about a doc's content to recognise a re-sent update (SYNC-ACK-7)
 * without a Y.Doc: a Yjs snapshot (state vector + delete set). Its size grows with the number of
 * clients and deleted ranges, not with the content, so the log keeps it in the doc's head row.
 *
 * The state vector is a lower bound: structs stored behind a gap (a client's update arriving
 * before an earlier one) are not counted until the run from clock 0 reaches them. An update made
 * only of such structs is then stored again — harmless, as Yjs updates are idempotent — but never
 * the reverse: the summary never claims content the log does not hold.
 */
export type DocSummary = Y.Snapshot;

export function emptySummary(): DocSummary {
  return Y.createSnapshot(Y.createDeleteSet(), new Map());
}

export function encodeSummary(summary: DocSummary): Uint8Array {
  return Y.encodeSnapshot(summary);
}

export function decodeSummary(bytes: Uint8Array): DocSummary {
  return Y.decodeSnapshot(bytes);
}

/** True when every struct and delete of `update` is already in the doc (Yjs' own check). */
export function summaryContains(summary: DocSummary, update: Uint8Array): boolean {
  try {
    return Y.snapshotContainsUpdate(summary, update);
  } catch {
    throw new UpdateLogError('invalid_update', 'The update is not a decodable Yjs v1 update.');
  }
}

/** The summary after also storing the update `decoded` was read from. */
export function extendSummary(summary: DocSummary, decoded: DecodedUpdate): DocSummary {
  const sv = new Map(summary.sv);
  const ranges = decoded.structs
    .filter((struct) => struct instanceof Y.Item || struct instanceof Y.GC)
    .map((struct) => ({ client: struct.id.client, clock: struct.id.clock, end: struct.id.clock + struct.length }))
    .sort((a, b) => a.client - b.client || a.clock - b.clock);
  for (const range of ranges) {
    const known = sv.get(range.client) ?? 0;
    if (range.clock <= known && range.end > known) sv.set(range.client, range.end);
  }
  return Y.createSnapshot(Y.mergeDeleteSets([summary.ds, decoded.ds]), sv);
}

/** Rejects when storing `update` would take the doc past `meta.maxStoredBytes`. */
export function checkSizeLimit(storedBytes: number, update: Uint8Array, maxStoredBytes: number | undefined): void {
  if (maxStoredBytes !== undefined && storedBytes + update.byteLength > maxStoredBytes) {
    throw new UpdateLogError(
      'doc_too_large',
      `The doc would hold ${String(storedBytes + update.byteLength)} bytes, more than its limit of ${String(maxStoredBytes)}.`,
    );
  }
}

/** The summary of exactly `updates` (a repaired doc's snapshot and tail), from scratch. */
export function summaryOf(updates: readonly Uint8Array[]): DocSummary {
  let summary = emptySummary();
  for (const update of updates) summary = extendSummary(summary, Y.decodeUpdate(update));
  return summary;
}
