import { createHash } from 'node:crypto';
import type { ArtifactStore, ByteRange, StoredArtifact } from './artifact-store';
import { assertSha256 } from './artifact-store';

/** SHA-256 of `bytes` as lower-case hex: the key every store files an artifact under. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Throws unless `bytes` hash to `sha256`: a store never files bytes under another artifact's name. */
export function assertContentAddress(sha256: string, bytes: Uint8Array): void {
  assertSha256(sha256);
  const actual = sha256Hex(bytes);
  if (actual !== sha256) throw new RangeError(`the bytes hash to ${actual}, not ${sha256}`);
}

/** Clamps an inclusive range to an artifact of `size` bytes; undefined when it starts past the end. */
export function sliceRange(bytes: Uint8Array, range: ByteRange | undefined): Uint8Array | undefined {
  if (range === undefined) return bytes;
  if (range.start < 0 || range.start > range.end || range.start >= bytes.length) return undefined;
  return bytes.subarray(range.start, Math.min(range.end, bytes.length - 1) + 1);
}

/** Runs `fn` now and settles with its result: a throw becomes a rejection, as callers of a port expect. */
export function settle<T>(fn: () => T): Promise<T> {
  return new Promise((resolve) => {
    resolve(fn());
  });
}

/** The in-memory artifact store: for tests and for a process that needs no persistence. */
export class MemoryArtifactStore implements ArtifactStore {
  readonly kind = 'memory';
  readonly #blobs = new Map<string, Uint8Array>();

  put(sha256: string, bytes: Uint8Array): Promise<StoredArtifact> {
    return settle(() => {
      assertContentAddress(sha256, bytes);
      if (!this.#blobs.has(sha256)) this.#blobs.set(sha256, bytes.slice());
      return { sha256, bytes: bytes.length };
    });
  }

  stat(sha256: string): Promise<StoredArtifact | undefined> {
    return settle(() => {
      assertSha256(sha256);
      const blob = this.#blobs.get(sha256);
      return blob === undefined ? undefined : { sha256, bytes: blob.length };
    });
  }

  read(sha256: string, range?: ByteRange): Promise<Uint8Array | undefined> {
    return settle(() => {
      assertSha256(sha256);
      const blob = this.#blobs.get(sha256);
      return blob === undefined ? undefined : sliceRange(blob, range)?.slice();
    });
  }

  delete(sha256: string): Promise<void> {
    return settle(() => {
      assertSha256(sha256);
      this.#blobs.delete(sha256);
    });
  }

  /** How many artifacts it holds (tests count duplicates with it). */
  get size(): number {
    return this.#blobs.size;
  }
}
