import type { OpenClawConfig } from '../../src-shared/config/schema.js';
import type { RuntimeEvent, RuntimeStatus } from '../../src-shared/protocol/runtime-status.js';
import { readAppVersion } from './app-version.js';
import { startLiveConfig } from './config/live-config.js';
import { resolveConfigPath } from './config/paths.js';
import { resolveListenIssues } from './gateway/listen-address.js';
import { createAuthRateLimiter } from './gateway/rate-limit.js';
import { startRunStack, type RunOptions, type RunStack } from './run-stack.js';
import { createShutdownSteps } from './shutdown-steps.js';
import { resolveFailedStatus } from './start-error.js';

/** What the entry points configure the gateway with. */
export type RuntimeOptions = RunOptions;

export type RuntimeEventListener = (event: RuntimeEvent) => void;

/** The gateway as one unit the CLI and the tray drive; every method may be called any number of times. */
export interface Runtime {
  /** Starts (or joins a start in progress); resolves with `running` or `failed`, never rejects. A start while running is a no-op. */
  start(): Promise<RuntimeStatus>;
  /** Ordered shutdown (gateway.shutdown, Telegram, agent, store watcher, clients closed with 1001, server, config watch); a no-op when stopped. */
  stop(): Promise<void>;
  /** Stops when needed, then starts. */
  restart(): Promise<RuntimeStatus>;
  /** Cheap: no I/O. */
  status(): RuntimeStatus;
  onEvent(listener: RuntimeEventListener): () => void;
  /** Stops and drops every listener. */
  close(): Promise<void>;
}

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
  let phase: Phase = { state: 'stopped' };
  let run: { stack: RunStack; stop: () => Promise<void> } | undefined;
  let starting: Promise<RuntimeStatus> | undefined;
  let stopping: Promise<void> | undefined;

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

  async function doStart(): Promise<RuntimeStatus> {
    setPhase({ state: 'starting' });
    const steps = createShutdownSteps(RUN_SHUTDOWN_ORDER);
    const stopSteps = () => steps.run(() => undefined);
    try {
      const { portOverride, hostOverride, watchPollIntervalMs: pollIntervalMs } = options;
      const configPath = options.paths?.configPath ?? resolveConfigPath(env);
      const check = (config: OpenClawConfig) => resolveListenIssues(config, { env, portOverride, hostOverride, configPath });
      const live = await startLiveConfig({ path: configPath, env, clock, check, pollIntervalMs });
      steps.add('config', () => live.close());
      // Callbacks can fire during startRunStack (a Telegram bot's first status): only a run in place counts.
      const isCurrent = (): boolean => run !== undefined && run.stack === stack;
      let stack: RunStack | undefined;
      stack = await startRunStack({
        ...options,
        live,
        version: options.version ?? readAppVersion(),
        limiter,
        clock,
        onEvent: (event, params) => emit({ type: 'event', event, params }),
        onStatusChange: () => void (isCurrent() && phase.state === 'running' && emit({ type: 'status', status: currentStatus() })),
        onFailure: (error) => void (isCurrent() && stopRun(resolveFailedStatus(error))),
      });
      const started = stack;
      steps.add('stack', () => started.close());
      run = { stack: started, stop: stopSteps };
      setPhase({ state: 'running' });
    } catch (error) {
      await stopSteps();
      setPhase(resolveFailedStatus(error));
    }
    return currentStatus();
  }

  function stopRun(final: Phase = { state: 'stopped' }): Promise<void> {
    stopping ??= (starting ?? Promise.resolve())
      .then(async () => {
        const current = run;
        if (!current) return;
        run = undefined;
        phase = { state: 'stopped' };
        await current.stop();
        setPhase(final);
      })
      .finally(() => {
        stopping = undefined;
      });
    return stopping;
  }

  const runtime: Runtime = {
    start() {
      if (starting) return starting;
      if (run) return Promise.resolve(currentStatus());
      starting = (stopping ?? Promise.resolve()).then(doStart).finally(() => {
        starting = undefined;
      });
      return starting;
    },
    stop: () => stopRun(),
    async restart() {
      await stopRun();
      return runtime.start();
    },
    status: currentStatus,
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
