/**
 * Artifact storage: content-addressed, immutable blobs keyed by their SHA-256 (lower-case hex).
 * Writing the same bytes twice stores them once; a reader never sees a partly written artifact.
 */

/** A byte range, both ends inclusive (as in an HTTP `Range: bytes=start-end`). */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

export interface StoredArtifact {
  readonly sha256: string;
  readonly bytes: number;
}

export interface ArtifactStore {
  /** Short name for logs and metrics, e.g. `filesystem`, `postgres`, `memory`. */
  readonly kind: string;
  /**
   * Stores `bytes` under `sha256` (which the caller computed from them; the store checks it) and
   * resolves once they are durable. Storing an existing hash again is a no-op.
   */
  put(sha256: string, bytes: Uint8Array): Promise<StoredArtifact>;
  /** The artifact's size, or undefined when the store does not hold it. */
  stat(sha256: string): Promise<StoredArtifact | undefined>;
  /** The bytes (or the inclusive `range` of them), or undefined when the store does not hold it. */
  read(sha256: string, range?: ByteRange): Promise<Uint8Array | undefined>;
  /** Removes the artifact (garbage collection of orphans); removing an absent one is a no-op. */
  delete(sha256: string): Promise<void>;
}

/** A SHA-256 in the form the stores key by. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Throws a RangeError unless `sha256` is 64 lower-case hex digits (the stores never build paths from anything else). */
export function assertSha256(sha256: string): void {
  if (!SHA256_HEX.test(sha256)) throw new RangeError(`not a lower-case SHA-256 hex digest: ${JSON.stringify(sha256.slice(0, 80))}`);
}
