/** A set of callbacks; one that throws is reported on the console and the others still run. */
export interface ListenerSet<T> {
  add(listener: (value: T) => void): () => void;
  emit(value: T): void;
  readonly size: number;
}

/** Creates an empty listener set; `add` returns the unsubscribe function. */
export function createListenerSet<T>(): ListenerSet<T> {
  const listeners = new Set<(value: T) => void>();
  return {
    add(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    emit(value) {
      for (const listener of [...listeners]) {
        try {
          listener(value);
        } catch (error) {
          // A bug in one view must not starve the others of events; it still shows in the console.
          console.error('A gateway client listener threw:', error);
        }
      }
    },
    get size() {
      return listeners.size;
    },
  };
}
