import { useMemo, useSyncExternalStore } from 'react';

/** Something that changes and says so: a Y type, an awareness instance, a party feed. */
export interface Source<T> {
  subscribe(onChange: () => void): () => void;
  read(): T;
}

/** Reads the source once per change, so `getSnapshot` returns the same value until the next one. */
class CachedSource<T> {
  readonly #source: Source<T>;
  #value: T;

  constructor(source: Source<T>) {
    this.#source = source;
    this.#value = source.read();
  }

  readonly subscribe = (onStoreChange: () => void): (() => void) => {
    // Changes between the first read and subscribing are picked up here.
    this.#value = this.#source.read();
    return this.#source.subscribe(() => {
      this.#value = this.#source.read();
      onStoreChange();
    });
  };

  readonly getSnapshot = (): T => this.#value;
}

/**
 * Subscribes a component to a `Source`. `read` may build a fresh object every time without making
 * React re-render forever. Pass a memoized source (the same object while the underlying thing
 * stays the same).
 */
export function useSource<T>(source: Source<T>): T {
  const cached = useMemo(() => new CachedSource(source), [source]);
  return useSyncExternalStore(cached.subscribe, cached.getSnapshot);
}
