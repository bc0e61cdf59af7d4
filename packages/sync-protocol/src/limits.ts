/** Limits the decoder enforces; the relay takes them from its configuration. */
export interface DecodeLimits {
  /** Largest accepted frame in bytes, checked before any byte is decoded (SYNC-LIMIT-1). */
  readonly maxFrameBytes: number;
}

/**
 * Defaults for callers without configuration. 16 MiB lets a client that was offline for a long
 * session send its whole sync step 2 in one frame.
 */
export const defaultLimits: DecodeLimits = { maxFrameBytes: 16 * 1024 * 1024 };

/**
 * The relay's document size limit by default (`SYNC_MAX_DOC_BYTES`): 16 MiB of stored updates per
 * doc. Clients that were never told the relay's limits (`limits`, SYNC-FRAG-1) assume it.
 */
export const DEFAULT_MAX_DOC_BYTES = 16 * 1024 * 1024;
