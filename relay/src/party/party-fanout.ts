import { randomUUID } from 'node:crypto';
import type { Database } from '@rpg-bot/db';
import type { Logger } from '@rpg-bot/observability';
import type { PartyRooms } from './party-rooms';

/** The channel every relay process of one database listens on for party commits. */
export const PARTY_CHANNEL = 'relay_party_committed';

export interface PartyFanoutOptions {
  readonly db: Pick<Database, 'listen' | 'notify'>;
  readonly rooms: Pick<PartyRooms, 'announce' | 'announceAll'>;
  readonly logger: Logger;
}

interface Committed {
  readonly origin: string;
  readonly campaignId: string;
  readonly seq: number;
}

function parseCommitted(payload: string): Committed | undefined {
  try {
    const value: unknown = JSON.parse(payload);
    if (typeof value !== 'object' || value === null) return undefined;
    const { origin, campaignId, seq } = value as Record<string, unknown>;
    if (typeof origin !== 'string' || typeof campaignId !== 'string' || typeof seq !== 'number') return undefined;
    return { origin, campaignId, seq };
  } catch {
    return undefined;
  }
}

/**
 * Cross-process fan-out of party events over LISTEN/NOTIFY: after a commit a process announces
 * `{campaignId, seq}` (never the event: NOTIFY payloads are limited to 8 KB); the others tell
 * their room of the campaign, which reads what it has not delivered yet from the log. The same
 * idea as the sync route's fan-out, kept separate so the two features do not share internals.
 */
export class PartyFanout {
  readonly #options: PartyFanoutOptions;
  readonly #origin = randomUUID();
  #unlisten: (() => Promise<void>) | undefined;

  constructor(options: PartyFanoutOptions) {
    this.#options = options;
  }

  async start(): Promise<void> {
    this.#unlisten = await this.#options.db.listen(PARTY_CHANNEL, (payload) => {
      const committed = parseCommitted(payload);
      if (committed === undefined || committed.origin === this.#origin) return;
      this.#options.rooms.announce(committed.campaignId);
    }, {
      // Announcements sent while the connection was down are lost: every room re-reads the log.
      onReconnect: () => {
        this.#options.rooms.announceAll();
      },
    });
  }

  /** Announces a commit of this process (failures are logged, never thrown). */
  published(campaignId: string, seq: number): void {
    const payload = JSON.stringify({ origin: this.#origin, campaignId, seq } satisfies Committed);
    this.#options.db.notify(PARTY_CHANNEL, payload).catch((error: unknown) => {
      this.#options.logger.warn({ err: error, campaignId, seq }, 'announcing a party commit failed');
    });
  }

  async stop(): Promise<void> {
    const unlisten = this.#unlisten;
    this.#unlisten = undefined;
    if (unlisten !== undefined) await unlisten();
  }
}
