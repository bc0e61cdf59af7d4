/**
 * Numbers on the wire. The first varuint of every frame is the message type; y-protocols owns
 * 0–3 and the RPG-Bot extension lives at 100+ so that it can never collide with a future
 * y-protocols type (SYNC-FRAME-3).
 */
export const messageType = {
  /** y-protocols sync: followed by a {@link syncType}. */
  sync: 0,
  /** y-protocols awareness update. */
  awareness: 1,
  /** y-protocols auth (server → client only: permission denied). */
  auth: 2,
  /** y-protocols query-awareness: "send me all awareness states". */
  queryAwareness: 3,
  /** Extension, client → server: opt in, announce version and capabilities. */
  hello: 100,
  /** Extension, server → client: the granted version and capabilities. */
  welcome: 101,
  /** Extension, client → server: a Yjs update the client wants acknowledged. */
  updateWithRef: 102,
  /** Extension, server → client: the update with that ref is durably committed. */
  ack: 103,
  /** Extension, server → client: an update was refused; the connection stays open. */
  rejected: 104,
  /** Extension (`frag/1`), client → server: one piece of an update too long for one frame. */
  updateFragment: 105,
  /** Extension (`frag/1`), server → client: the relay's frame and document size limits. */
  limits: 106,
} as const;

/** Sub-types of a y-protocols sync message (the varuint after {@link messageType.sync}). */
export const syncType = {
  step1: 0,
  step2: 1,
  update: 2,
} as const;

/** Sub-types of a y-protocols auth message. */
export const authType = {
  permissionDenied: 0,
} as const;
