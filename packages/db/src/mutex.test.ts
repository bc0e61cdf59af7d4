import { describe, expect, it } from 'vitest';
import { createMutex } from './mutex';

describe('createMutex', () => {
  it('runs tasks one at a time in call order, past failures', async () => {
    const mutex = createMutex();
    const events: string[] = [];
    const task = (name: string, fail = false) =>
      mutex.run(async () => {
        events.push(`start ${name}`);
        await new Promise((resolve) => setImmediate(resolve));
        events.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([task('a'), task('b', true), task('c')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });
});
