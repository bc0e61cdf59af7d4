import type { Campaign, CampaignRole, DocCheckpoint } from '@rpg-bot/contracts';
import * as Y from 'yjs';
import { canEdit } from '../shared/roles';

export type DocKind = 'shared' | 'private' | 'gm';

export interface DocChoice {
  readonly kind: DocKind;
  readonly docId: string;
}

/** The docs whose history this member may browse: the GM doc only for the GM. */
export function docChoices(campaign: Pick<Campaign, 'role' | 'docs'>): DocChoice[] {
  const choices: DocChoice[] = [
    { kind: 'shared', docId: campaign.docs.shared },
    { kind: 'private', docId: campaign.docs.private },
  ];
  if (campaign.role === 'gm' && campaign.docs.gm !== undefined) choices.push({ kind: 'gm', docId: campaign.docs.gm });
  return choices;
}

/** Restoring writes to the doc: shared needs player or GM; private is always its owner's; gm is the GM's. */
export function canRestore(kind: DocKind, role: CampaignRole): boolean {
  switch (kind) {
    case 'shared':
      return canEdit(role);
    case 'private':
      return true;
    case 'gm':
      return role === 'gm';
  }
}

/** The notes text of one version (`GET /v1/docs/{docId}/at/{seq}` answers an encoded Yjs update). */
export function notesAtVersion(update: Uint8Array): string {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, update);
    return doc.getText('notes').toJSON();
  } finally {
    doc.destroy();
  }
}

/** One entry of the version list: a run of edits by one author, shown as its newest version. */
export interface VersionGroup {
  /** The newest checkpoint of the run: previewing or restoring it gives the state after the run. */
  readonly checkpoint: DocCheckpoint;
  /** How many stored versions the run spans. */
  readonly edits: number;
}

/** Edits by the same author closer together than this count as one editing session. */
export const sessionGapMs = 5 * 60_000;

/**
 * Folds the relay's checkpoints (newest first; before compaction every typed update is one) into
 * editing sessions: consecutive versions by the same author with less than `gapMs` between them.
 */
export function groupVersions(checkpoints: readonly DocCheckpoint[], gapMs: number = sessionGapMs): VersionGroup[] {
  const groups: { checkpoint: DocCheckpoint; edits: number; oldestAt: number }[] = [];
  for (const checkpoint of checkpoints) {
    const at = Date.parse(checkpoint.at);
    const current = groups.at(-1);
    if (current !== undefined && current.checkpoint.authorId === checkpoint.authorId && current.oldestAt - at < gapMs) {
      current.edits += 1;
      current.oldestAt = at;
    } else {
      groups.push({ checkpoint, edits: 1, oldestAt: at });
    }
  }
  return groups.map(({ checkpoint, edits }) => ({ checkpoint, edits }));
}
