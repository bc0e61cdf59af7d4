import { encodeAwareness, encodeAwarenessEntries } from '@rpg-bot/sync-protocol';
import type { AwarenessEntry } from '@rpg-bot/sync-protocol';
import type { Timers } from '@rpg-bot/kit';
import { awarenessLimits } from './awareness-policy';

/** A socket of the doc as the fan-out sees it. */
export interface AwarenessPeer {
  deliver(frame: Uint8Array, type: string): void;
}

export interface AwarenessFanoutOptions<Peer extends AwarenessPeer> {
  /** The doc's sockets at flush time. */
  readonly peers: () => ReadonlySet<Peer>;
  readonly timers: Timers;
}

interface Pending<Peer> {
  readonly from: Peer | undefined;
  readonly entry: AwarenessEntry;
}

/**
 * SYNC-AWARENESS-4: one doc's relayed awareness, coalesced. Entries relayed within one flush window
 * reach each socket as ONE frame holding the latest entry per client, minus the socket's own — so a
 * crowd joining at once costs each peer a few frames, not one per newcomer (n² frames). The window
 * grows with the room (1 ms per socket, 20–200 ms): a table of six sees a cursor 20 ms later at
 * most, a room of 150 gets at most 5 frames a second.
 */
export class AwarenessFanout<Peer extends AwarenessPeer> {
  readonly #options: AwarenessFanoutOptions<Peer>;
  #pending = new Map<number, Pending<Peer>>();
  #cancel: (() => void) | undefined;

  constructor(options: AwarenessFanoutOptions<Peer>) {
    this.#options = options;
  }

  /** Queues the entries (already stamped and checked by their socket) for every socket but `from`. */
  relay(from: Peer | undefined, entries: readonly AwarenessEntry[]): void {
    for (const entry of entries) {
      // Kept in first-seen order; a later entry of the same client replaces the earlier one.
      this.#pending.set(entry.clientId, { from, entry });
    }
    if (this.#pending.size > 0) this.#schedule();
  }

  /** Sends what is pending now (also what the timer does). */
  flush(): void {
    const pending = this.#take();
    if (pending.length === 0) return;
    const senders = new Set(pending.map((item) => item.from));
    let everyone: Uint8Array | undefined;
    for (const peer of this.#options.peers()) {
      let frame: Uint8Array | undefined;
      if (senders.has(peer)) {
        const theirs = pending.filter((item) => item.from !== peer).map((item) => item.entry);
        if (theirs.length > 0) frame = encodeAwareness(encodeAwarenessEntries(theirs));
      } else {
        everyone ??= encodeAwareness(encodeAwarenessEntries(pending.map((item) => item.entry)));
        frame = everyone;
      }
      if (frame !== undefined) peer.deliver(frame, 'awareness');
    }
  }

  /** Drops what is pending (the room is gone). */
  clear(): void {
    this.#take();
  }

  /** Empties the queue and cancels its timer; returns what was queued. */
  #take(): Pending<Peer>[] {
    this.#cancel?.();
    this.#cancel = undefined;
    const pending = [...this.#pending.values()];
    this.#pending = new Map();
    return pending;
  }

  #schedule(): void {
    if (this.#cancel !== undefined) return;
    this.#cancel = this.#options.timers.setTimeout(() => {
      this.#cancel = undefined;
      this.flush();
    }, awarenessFlushMs(this.#options.peers().size));
  }
}

/** The flush window for a room of `sockets`: 1 ms per socket, within 20–200 ms. */
export function awarenessFlushMs(sockets: number): number {
  return Math.min(awarenessLimits.maxFlushMs, Math.max(awarenessLimits.minFlushMs, sockets));
}
