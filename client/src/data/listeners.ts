/**
 * The listeners of one event of an object: `add` returns the function that removes the listener,
 * `emit` calls every listener added so far, in order (one removed during `emit` may still be
 * called this once).
 */
export class Listeners<Args extends readonly unknown[] = []> {
  readonly #listeners = new Set<(...args: Args) => void>();

  add(listener: (...args: Args) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  emit(...args: Args): void {
    for (const listener of [...this.#listeners]) listener(...args);
  }

  clear(): void {
    this.#listeners.clear();
  }
}
