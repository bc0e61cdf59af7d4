import type { Campaign } from '@rpg-bot/contracts';

/**
 * The GM doc id, but only for the GM: on any other role this is `null`, so the doc is never
 * opened — and never lands in this device's IndexedDB — even if the relay listed an id.
 */
export function gmDocIdFor(campaign: Pick<Campaign, 'role' | 'docs'>): string | null {
  if (campaign.role !== 'gm') return null;
  return campaign.docs.gm ?? null;
}
