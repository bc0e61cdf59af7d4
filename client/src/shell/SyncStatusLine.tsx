import { useEffect, useState } from 'react';
import type { Campaign } from '@rpg-bot/contracts';
import { combineStatus } from '../data';
import type { DocStore, DocSyncStatus } from '../data';
import { useT } from './i18n';
import { syncStatusMessage } from './sync-status';

/** The docs a member's device holds for a campaign; the GM doc only for the GM. */
export function campaignDocIds(campaign: Campaign): string[] {
  const ids = [campaign.docs.shared, campaign.docs.private];
  if (campaign.role === 'gm' && campaign.docs.gm !== undefined) ids.push(campaign.docs.gm);
  return ids;
}

export interface SyncStatusLineProps {
  readonly docs: DocStore;
  readonly campaign: Campaign;
}

/**
 * The campaign's sync status, always visible in the campaign view: it holds the campaign's docs
 * open (ref-counted with the features') and combines their statuses into one honest sentence.
 */
export function SyncStatusLine({ docs, campaign }: SyncStatusLineProps) {
  const t = useT();
  const [status, setStatus] = useState<DocSyncStatus>(() => ({
    state: navigator.onLine ? 'connecting' : 'offline',
    pendingUpdates: 0,
    pendingChanges: 0,
    savingLocally: 0,
    lastAckedSeq: 0,
  }));
  const idsKey = campaignDocIds(campaign).join(' ');

  useEffect(() => {
    const handles = idsKey.split(' ').map((docId) => docs.open(docId));
    const update = () => {
      setStatus(combineStatus(handles.map((handle) => handle.status())));
    };
    const unsubscribes = handles.map((handle) => handle.onStatus(update));
    update();
    return () => {
      for (const unsubscribe of unsubscribes) unsubscribe();
      for (const handle of handles) handle.release();
    };
  }, [docs, idsKey]);

  const message = syncStatusMessage(status);
  return (
    <p className="sync-status" data-tone={message.tone} role="status" aria-live="polite">
      <span className="sync-status__dot" aria-hidden="true" />
      {t(message.key, message.params)}
    </p>
  );
}
