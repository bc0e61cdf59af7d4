import type { DocSyncStatus, SyncState } from './types';

/** Worst first: the campaign line shows the state of its least healthy doc. */
const severity: Readonly<Record<SyncState, number>> = {
  forbidden: 5,
  unauthorized: 4,
  offline: 3,
  connecting: 2,
  syncing: 1,
  synced: 0,
};

/**
 * One status for several docs (the per-campaign status line): the least healthy state, the sum of
 * pending updates (and changes), the highest acked seq, and the first doc's refusal (if any). `synced` only when every doc is synced — and a doc
 * with pending updates is never synced, so the sum is 0 then. No docs at all counts as synced.
 */
export function combineStatus(statuses: readonly DocSyncStatus[]): DocSyncStatus {
  let state: SyncState = 'synced';
  let pendingUpdates = 0;
  let pendingChanges = 0;
  let savingLocally = 0;
  let lastAckedSeq = 0;
  let refusal: DocSyncStatus['refusal'];
  for (const status of statuses) {
    refusal ??= status.refusal;
    if (severity[status.state] > severity[state]) state = status.state;
    pendingUpdates += status.pendingUpdates;
    pendingChanges += status.pendingChanges;
    savingLocally += status.savingLocally;
    lastAckedSeq = Math.max(lastAckedSeq, status.lastAckedSeq);
  }
  if (state === 'synced' && pendingUpdates + savingLocally > 0) state = 'syncing';
  const combined = { state, pendingUpdates, pendingChanges, savingLocally, lastAckedSeq };
  return refusal === undefined ? combined : { ...combined, refusal };
}
