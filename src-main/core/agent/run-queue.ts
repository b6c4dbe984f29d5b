/** Runs tasks one at a time per key, in the order they were queued; different keys run in parallel. */
export interface KeyedQueue {
  /** Queues `task` behind the key's earlier tasks; its promise settles with the task's. */
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Tasks queued or running for the key. */
  size(key: string): number;
}

/** Creates an empty keyed queue; a key's bookkeeping is dropped when its last task settles. */
export function createKeyedQueue(): KeyedQueue {
  const tails = new Map<string, { tail: Promise<unknown>; size: number }>();
  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const slot = tails.get(key) ?? { tail: Promise.resolve(), size: 0 };
      // Each task waits for the previous one to settle, whether it succeeded or not.
      const result = slot.tail.then(task, task);
      slot.tail = result.catch(() => undefined);
      slot.size++;
      tails.set(key, slot);
      const settle = (): void => {
        slot.size--;
        if (slot.size === 0 && tails.get(key) === slot) tails.delete(key);
      };
      result.then(settle, settle);
      return result;
    },
    size(key: string): number {
      return tails.get(key)?.size ?? 0;
    },
  };
}
