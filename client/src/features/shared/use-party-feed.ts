import { useEffect, useState } from 'react';
import type { PartyEvent, PartyFeed, PartyStore } from '../../data';

export type PartyFeedStatus = ReturnType<PartyFeed['status']>;

export interface PartyFeedState {
  readonly feed: PartyFeed;
  readonly events: readonly PartyEvent[];
  readonly status: PartyFeedStatus;
}

type Opened = PartyFeedState & { readonly campaignId: string };

/**
 * The campaign's party feed while the component is mounted: cached events show at once (offline
 * too), live ones and outbox changes re-render. `null` until the first snapshot.
 */
export function usePartyFeed(party: PartyStore, campaignId: string): PartyFeedState | null {
  const [opened, setOpened] = useState<Opened | null>(null);

  useEffect(() => {
    const feed = party.open(campaignId);
    let active = true;
    const update = () => {
      if (active) setOpened({ campaignId, feed, events: feed.events(), status: feed.status() });
    };
    const unsubscribe = feed.onChange(update);
    // The first snapshot is taken right after opening, outside the effect's synchronous body.
    queueMicrotask(update);
    return () => {
      active = false;
      unsubscribe();
      feed.release();
    };
  }, [party, campaignId]);

  return opened?.campaignId === campaignId ? opened : null;
}
