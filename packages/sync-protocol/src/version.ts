/**
 * Version of the RPG-Bot extension to the y-websocket protocol (hello, welcome, update-with-ref,
 * ack, rejected). The standard y-websocket messages are not versioned by us.
 *
 * History (a new line for every wire change; released lines never change):
 * - 1 (2026-11-24): hello / welcome negotiation, durable acknowledgements (`ack/1`), rejections.
 * - 2 (2026-12-06): fragmented updates (`frag/1`): `update-fragment` (105) and `limits` (106).
 */
export const PROTOCOL_VERSION = 2;

/**
 * Capabilities a client may ask for in its `hello`. The server answers in `welcome` with the
 * subset it grants; only granted capabilities may be used on that connection (SYNC-HELLO-3).
 */
export const capabilities = {
  /** Durable acknowledgements: `update-with-ref` answered by `ack` after commit. */
  ack: 'ack/1',
  /**
   * Fragmented updates (version ≥ 2, with `ack/1`): an update longer than a frame is sent as
   * `update-fragment`s; the relay announces its `limits` after `welcome` (SYNC-FRAG-1…6).
   */
  frag: 'frag/1',
} as const;

/** A capability string defined by {@link capabilities}. */
export type Capability = (typeof capabilities)[keyof typeof capabilities];

/** Upper bounds for the extension's own fields, fixed by the protocol (SYNC-LIMIT-3). */
export const extensionLimits = {
  /** Most capabilities a hello or welcome may list. */
  maxCapabilities: 16,
  /** Longest capability string, in UTF-8 bytes. */
  maxCapabilityBytes: 64,
  /** Longest rejection reason, in UTF-8 bytes. */
  maxReasonBytes: 1024,
} as const;
