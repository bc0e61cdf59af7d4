import { checkSizeLimit, extendSummary, summaryContains } from './doc-summary';
import { checkStorable, decodeForStore } from './update-invariants';
import type { DocSummary } from './doc-summary';
import type { AppendBatchResult, AppendItem, AppendRefusalCode } from './types';
import { isRefusal, UpdateLogError } from './types';

/** A doc's head as the append path sees it under its lock. */
export interface AppendHead {
  readonly seq: number;
  readonly summary: DocSummary;
  readonly storedBytes: number;
}

/** An item the batch stores, with the seq it gets. */
export interface PlannedEntry {
  readonly seq: number;
  readonly item: AppendItem;
}

/** What a batch does to the doc: one answer per item, the entries to write and the new head. */
export interface AppendPlan {
  readonly results: AppendBatchResult[];
  readonly entries: PlannedEntry[];
  readonly head: AppendHead;
}

/**
 * Checks a batch item by item against the head — duplicate (SYNC-ACK-7), decodability and the
 * loadability invariants (SYNC-UPDATE-5), meaning (SYNC-ACK-9), size limit
 * — as if each item were appended alone after the ones before it. Pure: both adapters run it under
 * their lock and then write `entries` and `head` in one step, so a failed write stores nothing.
 */
export function planAppends(head: AppendHead, items: readonly AppendItem[]): AppendPlan {
  let { seq, summary, storedBytes } = head;
  const results: AppendBatchResult[] = [];
  const entries: PlannedEntry[] = [];
  for (const item of items) {
    try {
      if (summaryContains(summary, item.update)) {
        results.push({ seq, duplicate: true });
        continue;
      }
      const decoded = decodeForStore(item.update);
      // Nothing stored may make the doc unloadable (SYNC-UPDATE-5); nothing meaningless is stored (SYNC-ACK-9).
      if (!checkStorable(decoded).meaningful) {
        results.push({ seq, duplicate: true });
        continue;
      }
      checkSizeLimit(storedBytes, item.update, item.meta.maxStoredBytes);
      summary = extendSummary(summary, decoded);
    } catch (error) {
      const refused = refusalCode(error);
      if (refused === undefined) throw error;
      results.push({ refused, message: error instanceof Error ? error.message : String(error) });
      continue;
    }
    seq += 1;
    storedBytes += item.update.byteLength;
    entries.push({ seq, item });
    results.push({ seq, duplicate: false });
  }
  return { results, entries, head: { seq, summary, storedBytes } };
}

/** The answer `append` gives for a batch of one: the result, or the refusal thrown as before. */
export function singleResult(results: readonly AppendBatchResult[]): { seq: number; duplicate: boolean } {
  const result = results[0];
  if (result === undefined) throw new Error('a batch of one answered nothing');
  if (isRefusal(result)) throw new UpdateLogError(result.refused, result.message);
  return result;
}

function refusalCode(error: unknown): AppendRefusalCode | undefined {
  if (!(error instanceof UpdateLogError)) return undefined;
  return error.code === 'invalid_update' || error.code === 'doc_too_large' ? error.code : undefined;
}
