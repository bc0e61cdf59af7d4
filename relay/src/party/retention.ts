import type { PartyRetention } from './types';

/** Defaults of PARTY_RETENTION_MAX_EVENTS and PARTY_RETENTION_MAX_AGE_DAYS. */
export const defaultPartyRetention: PartyRetention = Object.freeze({ maxEvents: 10_000, maxAgeMs: 90 * 24 * 3600 * 1000 });

/**
 * How far past `maxEvents` a campaign may grow before an append prunes it back: pruning once per
 * batch instead of on every append keeps appends to one cheap insert (at most 100 extra rows).
 */
export function defaultPruneBatch(maxEvents: number): number {
  return Math.max(1, Math.min(100, Math.floor(maxEvents / 10)));
}

/** Highest seq to drop so that at most `maxEvents` of the campaign remain (0: none). */
export function countCutoff(headSeq: number, firstRetainedSeq: number, maxEvents: number, pruneBatch: number): number {
  const held = headSeq - firstRetainedSeq + 1;
  return held >= maxEvents + pruneBatch ? headSeq - maxEvents : 0;
}
