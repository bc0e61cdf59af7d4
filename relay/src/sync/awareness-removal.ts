import type { AwarenessEntry } from '@rpg-bot/sync-protocol';

/**
 * The awareness entries that tell peers these clients left (`state: null`, clock + 1): what a
 * stock y-websocket server broadcasts when a socket closes, so cursors vanish at once instead of
 * after the 30 s awareness timeout.
 */
export function awarenessRemovals(clocks: ReadonlyMap<number, number>): AwarenessEntry[] {
  return [...clocks].map(([clientId, clock]) => ({ clientId, clock: clock + 1, state: null }));
}
