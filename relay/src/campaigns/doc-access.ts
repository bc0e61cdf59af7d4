import type { CampaignRole } from '@rpg-bot/contracts';

/** The three kinds of campaign documents. */
export type DocKind = 'shared' | 'gm' | 'private';

/** What a user may do with a document. */
export type DocAccess = 'write' | 'read' | 'none';

/**
 * The one access rule for campaign documents, used by the campaign list (which doc ids a member
 * sees) and by sync (who may read or write a doc):
 * - shared: the GM and players write, viewers read;
 * - gm: the GM only (players and viewers never learn its id);
 * - private: its owner only, whatever their role.
 *
 * @param role the user's role in the doc's campaign, `null` when not a member (no access at all)
 * @param ownerUserId owner of a private doc, `null` for shared and gm docs
 */
export function docAccess(role: CampaignRole | null, kind: DocKind, ownerUserId: string | null, userId: string): DocAccess {
  if (role === null) return 'none';
  switch (kind) {
    case 'shared':
      return role === 'viewer' ? 'read' : 'write';
    case 'gm':
      return role === 'gm' ? 'write' : 'none';
    case 'private':
      return ownerUserId !== null && ownerUserId === userId ? 'write' : 'none';
  }
}
