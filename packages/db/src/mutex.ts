/** Runs tasks one at a time, in call order. */
export interface Mutex {
  run<T>(task: () => Promise<T>): Promise<T>;
}

/** A promise-chain mutex; a failing task does not block the ones after it. */
export function createMutex(): Mutex {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      const result = tail.then(task, task);
      tail = result.catch(() => undefined);
      return result;
    },
  };
}
