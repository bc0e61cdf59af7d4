import type { DocSyncStatus } from '../data';

export interface SyncStatusMessage {
  readonly key: string;
  readonly params?: Record<string, number>;
  /** For styling only; the text carries the meaning. */
  readonly tone: 'ok' | 'busy' | 'pending' | 'offline' | 'problem';
}

const MiB = 1024 * 1024;

/**
 * The sentence for a campaign's combined sync status. "Saved to the server" only when the relay
 * acknowledged every local change (state synced and nothing pending) — never earlier. A change
 * the relay refused (and the device took back) is explained until a later change is saved there.
 */
export function syncStatusMessage(status: DocSyncStatus): SyncStatusMessage {
  const count = status.pendingChanges;
  const refusal = status.refusal;
  if (refusal !== undefined && status.state !== 'unauthorized' && status.state !== 'forbidden') {
    return {
      key: `sync.refused.${refusal.code}`,
      params: { size: Math.max(1, Math.ceil(refusal.bytes / MiB)), limit: Math.floor(refusal.maxDocBytes / MiB) },
      tone: 'problem',
    };
  }
  // Never say "saved on this device" for a change IndexedDB has not committed yet.
  if (status.savingLocally > 0 && status.state !== 'unauthorized' && status.state !== 'forbidden') {
    return { key: 'sync.savingLocally', tone: 'busy' };
  }
  switch (status.state) {
    case 'unauthorized':
      return { key: 'sync.unauthorized', tone: 'problem' };
    case 'forbidden':
      return { key: 'sync.forbidden', tone: 'problem' };
    case 'offline':
      return count > 0 ? { key: 'sync.offlinePending', params: { count }, tone: 'offline' } : { key: 'sync.offline', tone: 'offline' };
    case 'connecting':
    case 'syncing':
      if (count > 0) return { key: 'sync.pending', params: { count }, tone: 'pending' };
      return { key: status.state === 'connecting' ? 'sync.connecting' : 'sync.syncing', tone: 'busy' };
    case 'synced':
      return count > 0 ? { key: 'sync.pending', params: { count }, tone: 'pending' } : { key: 'sync.synced', tone: 'ok' };
  }
}
