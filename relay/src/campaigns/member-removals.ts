import type { Database } from '@rpg-bot/db';
import type { Logger } from '@rpg-bot/observability';

/** Relays sharing one database hear each other's member removals on this channel (payload: `{campaignId, userId}`). */
export const MEMBER_REMOVED_CHANNEL = 'relay_member_removed';

/** A member removed from a campaign (committed). */
export interface MemberRemoval {
  readonly campaignId: string;
  readonly userId: string;
}

function parseRemoval(payload: string): MemberRemoval | undefined {
  try {
    const value: unknown = JSON.parse(payload);
    if (typeof value !== 'object' || value === null) return undefined;
    const { campaignId, userId } = value as Record<string, unknown>;
    return typeof campaignId === 'string' && typeof userId === 'string' ? { campaignId, userId } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Member removals across relay processes: the relay that removed a member closes their sockets
 * itself, then `announce`s the removal; every relay on the database (this one included, which
 * finds nothing left to close) closes the member's sync and party sockets of that campaign. Without
 * it a removed member's sync socket on another relay would go on receiving the campaign's edits
 * until its token expired. A relay whose LISTEN connection is down misses the announcement; its
 * sockets then close at token expiry (SYNC-AUTH-2), and reconnects are refused.
 */
export class MemberRemovals {
  readonly #db: Database;
  readonly #logger: Logger;
  readonly #listeners = new Set<(removal: MemberRemoval) => void>();
  #unlisten: (() => Promise<void>) | undefined;

  constructor(db: Database, logger: Logger) {
    this.#db = db;
    this.#logger = logger;
  }

  async start(): Promise<void> {
    this.#unlisten ??= await this.#db.listen(MEMBER_REMOVED_CHANNEL, (payload) => {
      const removal = parseRemoval(payload);
      if (removal === undefined) {
        this.#logger.warn({ channel: MEMBER_REMOVED_CHANNEL }, 'ignoring a malformed member removal announcement');
        return;
      }
      for (const listener of this.#listeners) listener(removal);
    });
  }

  async stop(): Promise<void> {
    const unlisten = this.#unlisten;
    this.#unlisten = undefined;
    await unlisten?.();
  }

  /** Tells every relay on the database (after the removal committed). */
  async announce(removal: MemberRemoval): Promise<void> {
    await this.#db.notify(MEMBER_REMOVED_CHANNEL, JSON.stringify({ campaignId: removal.campaignId, userId: removal.userId }));
  }

  /** Calls `listener` with every announced removal; returns the unsubscribe function. */
  subscribe(listener: (removal: MemberRemoval) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }
}
