import { setTimeout as sleep } from 'node:timers/promises';
import type { RuntimeEvent, RuntimeStatus } from '../../src-shared/protocol/runtime-status.js';
import { describeError } from '../../src-shared/utils/common.js';
import { findFreePort } from './attach/free-port.js';
import { isPortAnswering, probeGateway } from './attach/gateway-probe.js';
import { requestGatewayMethod } from './attach/gateway-request.js';
import { readPortHolder } from './attach/port-holder.js';

// Start / Stop / Restart / Quit as one serialised queue over the runtime, for both entry points (the
// tray's clicks, the CLI's signals): operations in quick succession run in order, a failure becomes
// a `failed` status with its reason, and quitting waits (bounded) for the runtime's ordered shutdown
// and then the entry point's own quit steps. With `attach` (the desktop app), a port held by another
// OpenClaw gateway is attached to instead of failing, and can be taken over; a port held by anything
// else is reported with its holder and can be swapped for a free one. No Electron here: tests drive
// it with the real runtime.

export const QUIT_TIMEOUT_MS = 5_000;
/** How often an attached gateway is re-checked (5 s): when it goes away, the status says so. */
export const ATTACH_POLL_INTERVAL_MS = 5_000;
/** How long a take-over waits for the other gateway to free the port (10 s: its own quit takes up to 5 s). */
export const TAKE_OVER_PORT_WAIT_MS = 10_000;
const PORT_WAIT_STEP_MS = 100;

/** What the desktop app adds: attaching to a running gateway, taking over, moving to another port. */
export interface LifecycleAttachOptions {
  /** For naming the process that holds a port (see readPortHolder). */
  platform: NodeJS.Platform;
  /** Writes gateway.port into the config file (see writeGatewayPort). */
  writeGatewayPort(port: number): Promise<void>;
  /** Default ATTACH_POLL_INTERVAL_MS. */
  pollIntervalMs?: number;
  /** Default TAKE_OVER_PORT_WAIT_MS. */
  portWaitMs?: number;
}

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
  /** Starts the gateway unless it is already starting, running or attached; resolves with the resulting status. */
  start(): Promise<RuntimeStatus>;
  /** Stops the gateway unless it is already stopped; a gateway started outside the app is left alone. */
  stop(): Promise<RuntimeStatus>;
  /** Stops (when needed) and starts the gateway; resolves with the resulting status. A no-op while attached. */
  restart(): Promise<RuntimeStatus>;
  /**
   * While attached: asks that gateway to stop (`gateway.shutdown`), waits for its port to be free,
   * then starts the app's own gateway; a refusal or a port that stays taken becomes a `failed` status.
   */
  takeOver(): Promise<RuntimeStatus>;
  /** When another program holds the port: writes the first free port after it as gateway.port, then starts. */
  useAnotherPort(): Promise<RuntimeStatus>;
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

function isPortInUse(status: RuntimeStatus): status is Extract<RuntimeStatus, { state: 'failed' }> & { port: number } {
  return status.state === 'failed' && status.code === 'port_in_use' && status.port !== undefined;
}

function failedStatus(reason: string): RuntimeStatus {
  return { state: 'failed', code: 'internal', reason };
}

/**
 * Creates the lifecycle controller over a runtime (quitTimeoutMs defaults to QUIT_TIMEOUT_MS, clock
 * to Date.now; without `attach`, a port in use is a plain failure, as the CLI wants). Operations never reject:
 * an error is logged and reported as a `failed` status carrying the error's message (the runtime's
 * own failed status, with its code, wins when it has one).
 */
export function createLifecycleController(options: {
  runtime: LifecycleRuntime;
  log: LifecycleLog;
  quitTimeoutMs?: number;
  attach?: LifecycleAttachOptions;
  /** Milliseconds since the epoch, for the take-over's deadline; default Date.now. */
  clock?: () => number;
}): LifecycleController {
  const { runtime } = options;
  const clock = options.clock ?? Date.now;
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
  const { attach } = options;
  // The controller's own word while the runtime is idle: attached to another gateway, a port taken
  // by a named process, a failed take-over. Cleared whenever an operation drives the runtime again.
  let overlay: RuntimeStatus | undefined;
  let resolvingStart = false;
  let watchTimer: NodeJS.Timeout | undefined;
  const effective = (): RuntimeStatus => overlay ?? runtime.status();

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
    if (event.type !== 'status') return;
    // A port in use is looked at (attach or name the holder) before it is shown.
    if (resolvingStart && isPortInUse(event.status)) return;
    publish(event.status);
  });

  function stopWatch(): void {
    clearInterval(watchTimer);
    watchTimer = undefined;
  }

  function setOverlay(status: RuntimeStatus | undefined): void {
    overlay = status;
    if (status?.state !== 'attached') stopWatch();
  }

  /** Follows an attached gateway: a new pid is re-published, a gateway gone (or replaced) ends the attachment. */
  function watchAttached(): void {
    stopWatch();
    let checking = false;
    watchTimer = setInterval(() => {
      const attached = overlay;
      if (checking || attached?.state !== 'attached' || pending > 0) return;
      checking = true;
      void probeGateway(new URL(attached.url).hostname, attached.port)
        .then((probe) => {
          if (overlay !== attached || pending > 0) return;
          if (probe.kind === 'openclaw') {
            setOverlay({ ...attached, version: probe.version, pid: probe.pid });
          } else {
            log.info(`The gateway on port ${attached.port} (pid ${attached.pid}) is gone; Start runs the app's own`);
            setOverlay({ state: 'stopped' });
          }
          publish(effective());
        })
        .finally(() => {
          checking = false;
        });
    }, attach?.pollIntervalMs ?? ATTACH_POLL_INTERVAL_MS);
    watchTimer.unref?.();
  }

  /** Starts the runtime; with attach, a port in use is then probed: attach to a gateway, or name the holder. */
  async function startResolved(): Promise<void> {
    setOverlay(undefined);
    resolvingStart = attach !== undefined;
    try {
      await runtime.start();
      const status = runtime.status();
      if (!attach || !isPortInUse(status)) return;
      const host = status.host ?? '127.0.0.1';
      const probe = await probeGateway(host, status.port);
      if (probe.kind === 'openclaw') {
        log.info(`Port ${status.port} is held by an OpenClaw gateway ${probe.version} (pid ${probe.pid}); attaching to it`);
        setOverlay({ state: 'attached', url: probe.url, port: probe.port, version: probe.version, pid: probe.pid });
        watchAttached();
      } else if (probe.kind === 'other') {
        const holder = await readPortHolder(status.port, { platform: attach.platform });
        setOverlay(holder ? { ...status, holder } : status);
      } else {
        // Freed between the listen and the probe (a gateway that was just quitting): once more.
        await runtime.start();
      }
    } finally {
      resolvingStart = false;
    }
  }

  async function waitForPortFree(host: string, port: number): Promise<void> {
    const waitMs = attach?.portWaitMs ?? TAKE_OVER_PORT_WAIT_MS;
    const deadline = clock() + waitMs;
    while (await isPortAnswering(host, port)) {
      if (clock() >= deadline) throw new Error(`port ${port} is still taken after ${waitMs} ms`);
      await sleep(PORT_WAIT_STEP_MS);
    }
  }

  function enqueue(name: string, operation: () => Promise<void>): Promise<RuntimeStatus> {
    if (quitting) return Promise.resolve(current);
    const execute = async (): Promise<RuntimeStatus> => {
      try {
        await operation();
        publish(effective());
      } catch (error) {
        const reason = runtime.scrub(describeError(error));
        log.error(`Gateway ${name} failed: ${reason}`);
        const status = effective();
        publish(status.state === 'failed' ? status : failedStatus(reason));
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
    const { state } = effective();
    if (state === 'starting' || state === 'running' || state === 'attached') return;
    await startResolved();
  }

  async function stopIfActive(): Promise<void> {
    if (overlay?.state === 'attached') return;
    setOverlay(undefined);
    if (runtime.status().state === 'stopped') return;
    await runtime.stop();
  }

  async function takeOver(): Promise<void> {
    const attached = overlay;
    if (attached?.state !== 'attached') return startIfIdle();
    stopWatch();
    const host = new URL(attached.url).hostname.replace(/^\[|\]$/g, '');
    const where = `${host}:${attached.port}`;
    try {
      log.info(`Taking over: asking the gateway on ${where} (pid ${attached.pid}) to shut down`);
      // Without credentials: the other gateway only agrees to stop for a local-direct client.
      await requestGatewayMethod({ host, port: attached.port, method: 'gateway.shutdown' });
      await waitForPortFree(host, attached.port);
    } catch (error) {
      const reason = `Could not take over the gateway on ${where} (pid ${attached.pid}): ${describeError(error)}; stop it yourself, then Start`;
      log.error(reason);
      setOverlay(failedStatus(runtime.scrub(reason)));
      return;
    }
    await startResolved();
  }

  async function useAnotherPort(): Promise<void> {
    const taken = overlay;
    if (!attach || taken === undefined || !isPortInUse(taken)) return;
    try {
      const port = await findFreePort(taken.host ?? '127.0.0.1', taken.port);
      await attach.writeGatewayPort(port);
      log.info(`Port ${taken.port} is taken; gateway.port is now ${port}`);
    } catch (error) {
      const reason = `Could not move the gateway off port ${taken.port}: ${describeError(error)}`;
      log.error(reason);
      setOverlay(failedStatus(runtime.scrub(reason)));
      return;
    }
    await startResolved();
  }

  return {
    status: () => current,
    refresh() {
      if (!quitting && !resolvingStart) publish(effective());
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
        if (overlay?.state === 'attached') return;
        setOverlay(undefined);
        resolvingStart = attach !== undefined;
        try {
          await runtime.restart();
        } finally {
          resolvingStart = false;
        }
        // A restart that lost the port goes the way a start does.
        if (attach && isPortInUse(runtime.status())) await startResolved();
      }),
    takeOver: () => enqueue('take over', takeOver),
    useAnotherPort: () => enqueue('move to another port', useAnotherPort),
    addQuitStep(step) {
      quitSteps.push(step);
    },
    quitState: () => (quitDone ? 'done' : quitting ? 'quitting' : 'running'),
    quit() {
      quitting ??= (async () => {
        stopWatch();
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
        else publish(effective());
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
