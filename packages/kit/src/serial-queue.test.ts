import { describe, expect, it } from 'vitest';
import { SerialQueue } from './serial-queue';

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

describe('SerialQueue', () => {
  it('runs tasks one at a time in the order they were queued', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    let running = 0;
    const task = (name: string, delay: number) => async () => {
      running += 1;
      expect(running).toBe(1);
      log.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, delay));
      log.push(`end ${name}`);
      running -= 1;
      return name;
    };
    const results = await Promise.all([queue.run(task('a', 5)), queue.run(task('b', 1)), queue.run(task('c', 0))]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('rejects only the failing task; later tasks still run', async () => {
    const queue = new SerialQueue();
    const failed = queue.run(() => Promise.reject(new Error('boom')));
    const sync = queue.run(() => {
      throw new Error('sync boom');
    });
    const after = queue.run(() => 'after');
    await expect(failed).rejects.toThrow('boom');
    await expect(sync).rejects.toThrow('sync boom');
    await expect(after).resolves.toBe('after');
  });

  it('idle() waits for everything queued so far, including failures', async () => {
    const queue = new SerialQueue();
    let done = false;
    void queue.run(async () => {
      await tick();
      throw new Error('ignored');
    }).catch(() => undefined);
    void queue.run(async () => {
      await tick();
      done = true;
    });
    await queue.idle();
    expect(done).toBe(true);
  });
});
