/**
 * What the relay enforces on awareness (presence) frames, which it relays and holds in memory
 * (the latest state per client, for newcomers) but never stores (SPEC SYNC-AWARENESS-2 to -4).
 */

/** Limits of one socket's awareness traffic. */
export const awarenessLimits = {
  /** Largest awareness frame relayed; a larger one is dropped unread (a cursor and a name need < 1 KiB). */
  maxFrameBytes: 64 * 1024,
  /** Awareness and query-awareness frames a socket may send at once… */
  burst: 60,
  /** …and per second after that (a fast typist's cursor moves ~15 times a second). */
  perSecond: 20,
  /** Awareness client ids one socket may speak for (a y-websocket client has one per doc). */
  maxClientsPerSocket: 16,
  /** JSON bytes of the latest states held per socket for newcomers; a state beyond it is relayed, not held. */
  maxHeldBytesPerSocket: 64 * 1024,
  /** The coalescing window of a doc's relayed awareness: 1 ms per socket, at least this… */
  minFlushMs: 20,
  /** …and at most this (SYNC-AWARENESS-4). */
  maxFlushMs: 200,
} as const;

/** Who sent an awareness state, as the relay authenticated them. */
export interface AwarenessSender {
  readonly userId: string;
  /** The session's display name; left as the client sent it when unknown. */
  readonly name?: string | undefined;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * SYNC-AWARENESS-2: the state as the relay relays it. `user.userId` and `user.name` are the
 * sender's, whatever the client put there; everything else (cursor, colours, other fields of
 * `user`) passes unchanged. A state that is not a JSON object becomes `{ user }`.
 */
export function stampAwarenessState(state: unknown, sender: AwarenessSender): Record<string, unknown> {
  const base = isRecord(state) ? state : {};
  const user = isRecord(base.user) ? base.user : {};
  return { ...base, user: { ...user, userId: sender.userId, ...(sender.name === undefined ? {} : { name: sender.name }) } };
}
