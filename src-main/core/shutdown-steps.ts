/** Parts of a running gateway, each closed by one step; see {@link createShutdownSteps}. */
export interface ShutdownSteps<Name extends string> {
  /** Registers the step that closes `name` once it has started (a later add for the same name replaces it). */
  add(name: Name, step: () => unknown): void;
  /** Runs the registered steps in the declared order, each once; a failing step is reported and the rest still run. */
  run(onError: (name: Name, error: unknown) => void): Promise<void>;
}

/**
 * Creates an ordered shutdown list: whatever order the parts started in (or failed to), `run`
 * closes them in `order`, so e.g. Telegram ends its answers before the agent stops and the agent
 * reports cut runs before the server closes its clients.
 */
export function createShutdownSteps<Name extends string>(order: readonly Name[]): ShutdownSteps<Name> {
  const steps = new Map<Name, () => unknown>();
  return {
    add(name, step) {
      steps.set(name, step);
    },
    async run(onError) {
      for (const name of order) {
        const step = steps.get(name);
        if (!step) continue;
        steps.delete(name);
        try {
          await step();
        } catch (error) {
          onError(name, error);
        }
      }
    },
  };
}
