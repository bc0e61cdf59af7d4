import type { RejectionCode, UpdateFragmentMessage } from '@rpg-bot/sync-protocol';

/**
 * Bytes of fragmented updates the whole process holds while they are being assembled, across
 * connections: a crowd of uploads can cost at most this much, whatever each one declares.
 */
export class FragmentBudget {
  readonly #maxBytes: number;
  #heldBytes = 0;

  constructor(maxBytes: number) {
    if (!(maxBytes > 0)) throw new RangeError('maxBytes must be positive');
    this.#maxBytes = maxBytes;
  }

  /** Takes `bytes` if they fit; false means the process is full right now. */
  reserve(bytes: number): boolean {
    if (this.#heldBytes + bytes > this.#maxBytes) return false;
    this.#heldBytes += bytes;
    return true;
  }

  release(bytes: number): void {
    this.#heldBytes = Math.max(0, this.#heldBytes - bytes);
  }

  get heldBytes(): number {
    return this.#heldBytes;
  }
}

/** 256 MiB by default: sixteen 16 MiB uploads at once. */
export const DEFAULT_FRAGMENT_BUDGET_BYTES = 256 * 1024 * 1024;

/** What one fragment did to the connection's assembly (SYNC-FRAG-2…5). */
export type FragmentOutcome =
  /** Stored; more fragments of the ref must follow. */
  | { readonly kind: 'partial' }
  /** The last fragment: the whole update, to be handled like an `update-with-ref`. */
  | { readonly kind: 'complete'; readonly ref: number; readonly update: Uint8Array }
  /** The first fragment of an update refused as a whole (answer it now); its other fragments are dropped. */
  | { readonly kind: 'refused'; readonly ref: number; readonly code: RejectionCode }
  /** A later fragment of a refused update: read and dropped. */
  | { readonly kind: 'dropped' }
  /** The process holds too many assembling bytes: the connection should be closed with TryAgain. */
  | { readonly kind: 'busy' }
  /** Out of order, a different total, or another ref in the middle of one: a protocol violation. */
  | { readonly kind: 'violation'; readonly why: string };

export interface FragmentAssemblyOptions {
  /** An update longer than this is `refused { doc_too_large }` on its first fragment. */
  readonly maxUpdateBytes: number;
  /** Shared by the process's connections. */
  readonly budget: FragmentBudget;
}

interface Assembly {
  readonly ref: number;
  readonly totalBytes: number;
  received: number;
  /** Undefined while dropping the fragments of a refused update. */
  readonly chunks: Uint8Array[] | undefined;
}

/**
 * The fragmented update a connection is receiving (at most one at a time). Chunks are copied as
 * they arrive and joined at the end, so memory grows with the bytes received, never with what a
 * first fragment declares; the bytes held are reserved in the process's {@link FragmentBudget}.
 */
export class FragmentAssembly {
  readonly #options: FragmentAssemblyOptions;
  #current: Assembly | undefined;

  constructor(options: FragmentAssemblyOptions) {
    this.#options = options;
  }

  /**
   * True between the first and the last fragment of an update being assembled. Not while the
   * fragments of a refused update are dropped: its sender may give up on them (SYNC-FRAG-4).
   */
  get inProgress(): boolean {
    return this.#current?.chunks !== undefined;
  }

  /**
   * Takes one fragment. `refuse` is asked on the first fragment whether the update is refused
   * whatever it holds (a viewer's update: `read_only`); the size limit is checked here.
   */
  accept(fragment: UpdateFragmentMessage, refuse: () => RejectionCode | undefined): FragmentOutcome {
    let current = this.#current;
    if (current?.chunks === undefined && current?.ref !== fragment.ref) {
      // Nothing assembling, or the sender gave up on the rest of a refused update.
      current = this.#current = undefined;
    }
    if (current === undefined) return this.#begin(fragment, refuse);
    if (fragment.ref !== current.ref) return this.#violation(`fragment of ref ${fragment.ref} while ref ${current.ref} is incomplete`);
    if (fragment.totalBytes !== current.totalBytes) return this.#violation(`fragment declares ${fragment.totalBytes} bytes, its first said ${current.totalBytes}`);
    if (fragment.offset !== current.received) return this.#violation(`fragment at byte ${fragment.offset}, expected ${current.received}`);
    return this.#add(current, fragment.chunk);
  }

  /** The connection ended: whatever was assembled is dropped and its budget released. */
  clear(): void {
    const current = this.#current;
    this.#current = undefined;
    if (current?.chunks !== undefined) this.#options.budget.release(current.received);
  }

  #begin(fragment: UpdateFragmentMessage, refuse: () => RejectionCode | undefined): FragmentOutcome {
    if (fragment.offset !== 0) return this.#violation(`the first fragment of ref ${fragment.ref} starts at byte ${fragment.offset}`);
    const code = fragment.totalBytes > this.#options.maxUpdateBytes ? 'doc_too_large' : refuse();
    if (code !== undefined) {
      const dropping: Assembly = { ref: fragment.ref, totalBytes: fragment.totalBytes, received: 0, chunks: undefined };
      this.#current = dropping;
      this.#add(dropping, fragment.chunk);
      return { kind: 'refused', ref: fragment.ref, code };
    }
    const assembly: Assembly = { ref: fragment.ref, totalBytes: fragment.totalBytes, received: 0, chunks: [] };
    this.#current = assembly;
    return this.#add(assembly, fragment.chunk);
  }

  #add(assembly: Assembly, chunk: Uint8Array): FragmentOutcome {
    if (assembly.chunks !== undefined) {
      if (!this.#options.budget.reserve(chunk.byteLength)) {
        this.clear();
        return { kind: 'busy' };
      }
      // The chunk is a view into the frame: keep a copy.
      assembly.chunks.push(chunk.slice());
    }
    assembly.received += chunk.byteLength;
    if (assembly.received < assembly.totalBytes) return assembly.chunks === undefined ? { kind: 'dropped' } : { kind: 'partial' };
    this.#current = undefined;
    if (assembly.chunks === undefined) return { kind: 'dropped' };
    this.#options.budget.release(assembly.received);
    return { kind: 'complete', ref: assembly.ref, update: join(assembly.chunks, assembly.totalBytes) };
  }

  #violation(why: string): FragmentOutcome {
    this.clear();
    return { kind: 'violation', why };
  }
}

function join(chunks: readonly Uint8Array[], totalBytes: number): Uint8Array {
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  const joined = new Uint8Array(totalBytes);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return joined;
}
