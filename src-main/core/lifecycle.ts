import type { RuntimeEvent, RuntimeStatus } from '../../src-shared/protocol/runtime-status.js';
import { describeError } from '../../src-shared/utils/common.js';

// Start / Stop / Restart / Quit as one serialised queue over the runtime, for both entry points (the
// tray's clicks, the CLI's signals): operations in quick succession run in order, a failure becomes
// a `failed` status with its reason, and quitting waits (bounded) for the runtime's ordered shutdown
// and then the entry point's own quit steps. No Electron here: tests drive it with the real runtime.

export const QUIT_TIMEOUT_MS = 5_000;

/** The part of createRuntime's handle the controller drives. */
export interface LifecycleRuntime {
  start(): Promise<unknown>;
  stop(): Promise<unknown>;
  restart(): Promise<unknown>;
  status(): RuntimeStatus;
  /** Hides the secrets the runtime knows; every line this controller logs passes it. */
  scrub(text: string): string;
  onEvent(listener: (event: RuntimeEvent) => void): () => void;
  close(): Promise<void>;
}

export interface LifecycleLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface QuitResult {
  /** The runtime (or a quit step) had not finished when the timeout elapsed. */
  timedOut: boolean;
}

/** `running` until quit() is called, `quitting` while it runs, `done` once it has resolved. */
export type QuitState = 'running' | 'quitting' | 'done';

export interface LifecycleController {
  status(): RuntimeStatus;
  /** Re-reads the runtime's status (cheap, no I/O) and publishes it when it changed, e.g. a new client count. */
  refresh(): RuntimeStatus;
  /** Calls back on every distinct status; returns the function that unsubscribes. */
  onStatus(listener: (status: RuntimeStatus) => void): () => void;
  /** Starts the gateway unless it is already starting or running; resolves with the resulting status. */
  start(): Promise<RuntimeStatus>;
  /** Stops the gateway unless it is already stopped; resolves with the resulting status. */
  stop(): Promise<RuntimeStatus>;
  /** Stops (when needed) and starts the gateway; resolves with the resulting status. */
  restart(): Promise<RuntimeStatus>;
  /** Adds a step quit() runs once the runtime has closed or the deadline passed (e.g. the tray and window); last added runs first. */
  addQuitStep(step: () => unknown): void;
  /**
   * Lets the operation in progress finish, drops the queued ones, closes the runtime (waiting at most
   * quitTimeoutMs), then runs the quit steps; later calls return the same promise and later
   * operations are ignored.
   */
  quit(): Promise<QuitResult>;
  quitState(): QuitState;
}

function sameStatus(a: RuntimeStatus, b: RuntimeStatus): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Creates the lifecycle controller over a runtime (quitTimeoutMs defaults to QUIT_TIMEOUT_MS).
 * Operations never reject: an error is logged and reported as a `failed` status carrying the
 * error's message (the runtime's own failed status, with its code, wins when it has one).
 */
export function createLifecycleController(options: {
  runtime: LifecycleRuntime;
  log: LifecycleLog;
  quitTimeoutMs?: number;
}): LifecycleController {
  const { runtime } = options;
  // The given log (stderr, the desktop log) is not the gateway's: an error can quote the config.
  const log: LifecycleLog = {
    info: (message) => options.log.info(runtime.scrub(message)),
    warn: (message) => options.log.warn(runtime.scrub(message)),
    error: (message) => options.log.error(runtime.scrub(message)),
  };
  const quitTimeoutMs = options.quitTimeoutMs ?? QUIT_TIMEOUT_MS;
  const listeners = new Set<(status: RuntimeStatus) => void>();
  let current = runtime.status();
  let queue: Promise<unknown> = Promise.resolve();
  let pending = 0;
  let quitting: Promise<QuitResult> | undefined;
  let quitDone = false;
  const quitSteps: Array<() => unknown> = [];

  function publish(status: RuntimeStatus): void {
    if (sameStatus(current, status)) return;
    current = status;
    for (const listener of listeners) {
      try {
        listener(status);
      } catch (error) {
        // One broken listener (say, a destroyed window) must not keep the tray from updating.
        log.error(`Status listener failed: ${describeError(error)}`);
      }
    }
  }

  const unsubscribe = runtime.onEvent((event) => {
    if (event.type === 'status') publish(event.status);
  });

  function enqueue(name: string, operation: () => Promise<void>): Promise<RuntimeStatus> {
    if (quitting) return Promise.resolve(current);
    const execute = async (): Promise<RuntimeStatus> => {
      try {
        await operation();
        publish(runtime.status());
      } catch (error) {
        const reason = runtime.scrub(describeError(error));
        log.error(`Gateway ${name} failed: ${reason}`);
        const status = runtime.status();
        publish(status.state === 'failed' ? status : { state: 'failed', reason, code: 'internal' });
      }
      return current;
    };
    // An operation on an idle queue begins at once (so a quit right after it waits for it); one
    // queued behind another begins only if no quit came in meanwhile.
    const run = pending === 0 ? execute() : queue.then(() => (quitting ? current : execute()));
    pending += 1;
    queue = run.finally(() => {
      pending -= 1;
    });
    return run;
  }

  async function startIfIdle(): Promise<void> {
    const { state } = runtime.status();
    if (state === 'starting' || state === 'running') return;
    await runtime.start();
  }

  async function stopIfActive(): Promise<void> {
    if (runtime.status().state === 'stopped') return;
    await runtime.stop();
  }

  return {
    status: () => current,
    refresh() {
      if (!quitting) publish(runtime.status());
      return current;
    },
    onStatus(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    start: () => enqueue('start', startIfIdle),
    stop: () => enqueue('stop', stopIfActive),
    restart: () =>
      enqueue('restart', async () => {
        await runtime.restart();
      }),
    addQuitStep(step) {
      quitSteps.push(step);
    },
    quitState: () => (quitDone ? 'done' : quitting ? 'quitting' : 'running'),
    quit() {
      quitting ??= (async () => {
        let timer: NodeJS.Timeout | undefined;
        const runQuitSteps = async (): Promise<void> => {
          for (const step of quitSteps.splice(0).reverse()) {
            try {
              await step();
            } catch (error) {
              log.error(`Quit step failed: ${describeError(error)}`);
            }
          }
        };
        const closed = queue
          .then(() => runtime.close())
          .catch((error: unknown) => log.error(`Gateway shutdown failed: ${describeError(error)}`))
          .then(() => false);
        const timeout = new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), quitTimeoutMs);
        });
        const timedOut = await Promise.race([closed, timeout]);
        clearTimeout(timer);
        if (timedOut) log.warn(`Gateway did not shut down within ${quitTimeoutMs} ms; quitting anyway`);
        else publish(runtime.status());
        unsubscribe();
        // Even after a timeout: a tray left undestroyed stays behind as a ghost icon on Windows.
        await runQuitSteps();
        quitDone = true;
        return { timedOut };
      })();
      return quitting;
    },
  };
}
