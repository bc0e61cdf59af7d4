/**
 * Runs async tasks one at a time, in the order they were queued. A task that fails rejects its
 * own promise only: the tasks after it still run. `idle()` resolves once everything queued so far
 * has settled (what a close or a test waits for).
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T> | T): Promise<T> {
    const result = this.#tail.then(task, task);
    this.#tail = result.catch(() => undefined);
    return result;
  }

  idle(): Promise<void> {
    return this.#tail.then(() => undefined);
  }
}
