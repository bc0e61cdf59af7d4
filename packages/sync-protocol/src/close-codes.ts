/**
 * What a client should do after the server closed the socket with a given code:
 * - `never`: stay disconnected and tell the user (reconnecting cannot help);
 * - `backoff`: reconnect with exponential backoff and jitter, starting at `minDelayMs`;
 * - `reauthenticate`: obtain a fresh token first, then reconnect (SYNC-CLOSE-3).
 */
export type ReconnectPolicy = 'never' | 'backoff' | 'reauthenticate';

/** One row of the close-code table. */
export interface CloseCodeInfo {
  readonly code: number;
  /** Sent as the WebSocket close reason; at most 123 UTF-8 bytes (RFC 6455). */
  readonly reason: string;
  readonly reconnect: ReconnectPolicy;
  /** Smallest delay before the first reconnect attempt; 0 when `reconnect` is `never`. */
  readonly minDelayMs: number;
}

/**
 * Named WebSocket close codes shared by relay and client (SYNC-CLOSE-1). 44xx codes are
 * permanent for a stock y-websocket client (it stops reconnecting), 45xx codes are transient —
 * the table follows that split except for `Unauthorized` and `RateLimited`, which our client
 * handles itself (SYNC-CLOSE-2).
 */
export const closeCodes = {
  /** A frame could not be decoded or broke the protocol; reconnecting would repeat it. */
  BadMessage: { code: 4400, reason: 'Bad message', reconnect: 'never', minDelayMs: 0 },
  /** The token expired or was revoked: re-authenticate, then reconnect. */
  Unauthorized: { code: 4401, reason: 'Unauthorized', reconnect: 'reauthenticate', minDelayMs: 0 },
  /** The member may not open this document. */
  Forbidden: { code: 4403, reason: 'Forbidden', reconnect: 'never', minDelayMs: 0 },
  /** The document does not exist (or was deleted). */
  NotFound: { code: 4404, reason: 'Document not found', reconnect: 'never', minDelayMs: 0 },
  /** A frame exceeded the relay's frame limit. */
  TooLarge: { code: 4413, reason: 'Message too large', reconnect: 'never', minDelayMs: 0 },
  /** The document exceeds what the relay will load or serve. */
  DocTooLarge: { code: 4414, reason: 'Document too large', reconnect: 'never', minDelayMs: 0 },
  /** The client speaks an extension version the relay no longer supports: update the app. */
  UpgradeRequired: { code: 4426, reason: 'Client too old', reconnect: 'never', minDelayMs: 0 },
  /** Too many messages or connections; back off for longer than usual. */
  RateLimited: { code: 4429, reason: 'Rate limited', reconnect: 'backoff', minDelayMs: 10_000 },
  /** An unexpected server error; the session state on the server is gone. */
  InternalError: { code: 4500, reason: 'Internal error', reconnect: 'backoff', minDelayMs: 1_000 },
  /** The relay is shutting down or its database is unavailable. */
  TryAgain: { code: 4503, reason: 'Try again later', reconnect: 'backoff', minDelayMs: 500 },
  /**
   * The client did not read what the relay sent it fast enough: more than the send buffer bound
   * was still unsent (SYNC-LIMIT-5). Like HTTP 507, the relay will not hold more for this peer.
   */
  SlowConsumer: { code: 4507, reason: 'Slow consumer', reconnect: 'backoff', minDelayMs: 2_000 },
} as const satisfies Record<string, CloseCodeInfo>;

/** A name from {@link closeCodes}. */
export type CloseCodeName = keyof typeof closeCodes;

const byCode: ReadonlyMap<number, CloseCodeInfo> = new Map(
  Object.values(closeCodes).map((info): [number, CloseCodeInfo] => [info.code, info]),
);

/**
 * Looks up a numeric close code received by the client. Codes not in the table (1000, 1006, …)
 * return `undefined`; the client treats those as transient and reconnects with backoff.
 */
export const closeCodeInfo = (code: number): CloseCodeInfo | undefined => byCode.get(code);

/** The reconnect policy for any close code, including codes outside the table (SYNC-CLOSE-4). */
export const reconnectPolicy = (code: number): ReconnectPolicy => closeCodeInfo(code)?.reconnect ?? 'backoff';
