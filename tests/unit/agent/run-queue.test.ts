import { describe, expect, it } from 'vitest';
import { createKeyedQueue } from '../../../src-main/core/agent/run-queue.js';

const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('createKeyedQueue', () => {
  it('runs tasks of one key one at a time, in order, even when one fails', async () => {
    const queue = createKeyedQueue();
    const log: string[] = [];
    const task = (name: string, ms: number, fail = false) => async () => {
      log.push(`start ${name}`);
      await tick(ms);
      log.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([queue.run('k', task('a', 30, true)), queue.run('k', task('b', 1)), queue.run('k', task('c', 1))]);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
  });

  it('runs different keys in parallel and counts what waits', async () => {
    const queue = createKeyedQueue();
    const log: string[] = [];
    const first = queue.run('a', async () => {
      log.push('a');
      await tick(30);
    });
    const second = queue.run('a', async () => undefined);
    expect(queue.size('a')).toBe(2);
    await queue.run('b', async () => {
      log.push('b');
    });
    expect(log).toEqual(['a', 'b']);
    await Promise.all([first, second]);
    expect(queue.size('a')).toBe(0);
  });
});
