import type { OpenClawConfig } from '../../src-shared/config/schema.js';
import type { RuntimeEvent, RuntimeStatus } from '../../src-shared/protocol/runtime-status.js';
import { readAppVersion } from './app-version.js';
import { startLiveConfig } from './config/live-config.js';
import { resolveConfigPath } from './config/paths.js';
import { resolveListenIssues } from './gateway/listen-address.js';
import { createAuthRateLimiter } from './gateway/rate-limit.js';
import { createLogTail } from './logging/log-tail.js';
import { createLogger } from './logging/logger.js';
import { startRunStack, type RunStack } from './run-stack.js';
import { createShutdownSteps } from './shutdown-steps.js';
import type { Runtime, RuntimeEventListener, RuntimeOptions } from './runtime-types.js';
import { resolveFailedStatus } from './start-error.js';
import { createSecretKeeper } from './utils/secret-scrubber.js';

export type { Runtime, RuntimeActivity, RuntimeEventListener, RuntimeOptions } from './runtime-types.js';

type RunStep = 'stack' | 'config';
// While running, the status (URL, clients, bots) comes from the run stack itself.
type Phase = Exclude<RuntimeStatus, { state: 'running' }> | { state: 'running' };
// The stack follows the config, so it stops before the config watch does.
const RUN_SHUTDOWN_ORDER: readonly RunStep[] = ['stack', 'config'];

/**
 * Creates the runtime, the lifecycle state machine over one run at a time (nothing starts until
 * `start()`): a run is the LiveConfig plus the run stack that follows it (see startRunStack).
 */
export function createRuntime(options: RuntimeOptions): Runtime {
  const { env } = options;
  const clock = options.clock ?? Date.now;
  const listeners = new Set<RuntimeEventListener>();
  const limiter = createAuthRateLimiter({ now: clock });
  // The runtime's own logger (unless one is given) outlives the runs; each run reconfigures it.
  // One keeper for the logger and every error that leaves, outliving the runs: a key rotated away
  // (or used by an earlier run) stays hidden.
  const secrets = createSecretKeeper();
  // The Logs page reads the same lines across restarts of the gateway.
  const logTail = options.logger ? undefined : createLogTail();
  const ownedLogger = options.logger ? undefined : createLogger(undefined, { keeper: secrets, tail: logTail });
  let phase: Phase = { state: 'stopped' };
  let run: { stack: RunStack; stop: () => Promise<void> } | undefined;
  // Starts and stops run one after another in call order; a call joins the same kind queued last.
  let queue: Promise<void> = Promise.resolve();
  let last: { kind: 'start' | 'stop'; done: Promise<void> } | undefined;

  const emit = (event: RuntimeEvent): void => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // A throwing listener must not break the gateway or starve the other listeners.
      }
    }
  };
  const currentStatus = (): RuntimeStatus => (phase.state !== 'running' ? phase : (run?.stack.status() ?? { state: 'stopped' }));
  const setPhase = (next: Phase): void => {
    phase = next;
    emit({ type: 'status', status: currentStatus() });
  };
  const enqueue = (kind: 'start' | 'stop', work: () => Promise<void>): Promise<void> => {
    if (last?.kind === kind) return last.done;
    const operation = { kind, done: queue.then(work) };
    last = operation;
    queue = operation.done.finally(() => {
      if (last === operation) last = undefined;
    });
    return operation.done;
  };

  async function doStart(): Promise<void> {
    if (run) return;
    setPhase({ state: 'starting' });
    const steps = createShutdownSteps(RUN_SHUTDOWN_ORDER);
    const stopSteps = () => steps.run(() => undefined);
    try {
      const { portOverride, hostOverride, watchPollIntervalMs: pollIntervalMs } = options;
      const configPath = options.paths?.configPath ?? resolveConfigPath(env);
      const check = (config: OpenClawConfig) => resolveListenIssues(config, { env, portOverride, hostOverride, configPath });
      const live = await startLiveConfig({ path: configPath, env, clock, check, pollIntervalMs });
      steps.add('config', () => live.close());
      // Callbacks can fire during startRunStack (a bot's first status), before this run is in place.
      let stack: RunStack | undefined;
      stack = await startRunStack({
        ...options,
        live,
        ownedLogger,
        logTail,
        version: options.version ?? readAppVersion(),
        limiter,
        secrets,
        clock,
        onEvent: (event, params) => emit({ type: 'event', event, params }),
        onStatusChange: () => {
          if (stack !== undefined && run?.stack === stack && phase.state === 'running') emit({ type: 'status', status: currentStatus() });
        },
        onFailure: (error) => void enqueue('stop', () => doStop(resolveFailedStatus(error, secrets.scrub), stack)),
        onShutdownRequested: () => void enqueue('stop', () => doStop({ state: 'stopped' }, stack)),
      });
      const started = stack;
      steps.add('stack', () => started.close());
      run = { stack: started, stop: stopSteps };
      setPhase({ state: 'running' });
    } catch (error) {
      await stopSteps();
      setPhase(resolveFailedStatus(error, secrets.scrub));
    }
  }

  /** Stops the run (only if it is `only`, when given) and ends in `final`. */
  async function doStop(final: Phase, only?: RunStack): Promise<void> {
    const current = run;
    if (!current || (only !== undefined && current.stack !== only)) return;
    await current.stop();
    run = undefined;
    setPhase(final);
  }

  const runtime: Runtime = {
    start: () => enqueue('start', doStart).then(currentStatus),
    stop: () => enqueue('stop', () => doStop({ state: 'stopped' })),
    restart() {
      void runtime.stop();
      return runtime.start();
    },
    status: currentStatus,
    activity: () => run?.stack.activity() ?? { runs: 0, configWrites: 0 },
    scrub: (text) => secrets.scrub(text),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      await runtime.stop();
      listeners.clear();
    },
  };
  return runtime;
}
