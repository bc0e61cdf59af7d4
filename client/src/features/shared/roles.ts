import { hasRole } from '@rpg-bot/contracts';
import type { CampaignRole } from '@rpg-bot/contracts';

/** Players and the GM write; viewers only read (the relay enforces the same rule). */
export function canEdit(role: CampaignRole): boolean {
  return hasRole(role, 'player');
}
