import type { RuntimeEvent, RuntimeStatus } from '../../src-shared/protocol/runtime-status.js';
import type { Env, OpenClawPaths } from './config/paths.js';
import type { GatewayLogger } from './gateway/types.js';

/** What the entry points configure the gateway with. */
export interface RuntimeOptions {
  /** The environment (paths, OPENCLAW_GATEWAY_PORT, `${VAR}` substitution); only the entry points pass the real process environment. */
  env: Env;
  /** Default: resolvePaths(env) with the config's session.store and logging.file applied. */
  paths?: Partial<OpenClawPaths>;
  /** Port that wins over OPENCLAW_GATEWAY_PORT and gateway.port; 0 picks a free port. */
  portOverride?: number;
  /** Bind address that wins over gateway.host. */
  hostOverride?: string;
  /** Reported by health and connect; default: the version in package.json. */
  version?: string;
  /** Default: a logger of the runtime's own, set up from the config's logging section at each start. */
  logger?: GatewayLogger;
  /** Config and store poll interval for filesystems where fs.watch misses events (default 1,000 ms). */
  watchPollIntervalMs?: number;
  /** Bearer tokens accepted besides gateway.token, e.g. the desktop app's per-run token for its own window. */
  extraTokens?: readonly string[];
  /** The built dashboard to serve at `/` (default: dist/renderer found beside the code). */
  dashboardDir?: string;
  /** Milliseconds since the epoch; default Date.now. */
  clock?: () => number;
}

export type RuntimeEventListener = (event: RuntimeEvent) => void;

/** What a restart would cut short (an update's "Restart to update" waits for both to be 0). */
export interface RuntimeActivity {
  /** Agent runs queued or answering: dashboard and Telegram chats, and stateless /v1 completions, which broadcast no event. */
  runs: number;
  /** Config writes through the running gateway (the dashboard's Settings, the config API) not yet on disk and applied. */
  configWrites: number;
}

/** The gateway as one unit the CLI and the tray drive; every method may be called any number of times. */
export interface Runtime {
  /** Starts once the calls made before it are done (start and stop run in call order); resolves with `running` or `failed`, never rejects; a no-op while running. */
  start(): Promise<RuntimeStatus>;
  /** Ordered shutdown (gateway.shutdown, Telegram, agent, store watcher, clients closed with 1001, server, config watch); a no-op when stopped. */
  stop(): Promise<void>;
  /** Stops when needed, then starts. */
  restart(): Promise<RuntimeStatus>;
  /** Cheap: no I/O. */
  status(): RuntimeStatus;
  /** What is in flight now (no I/O); all 0 while stopped. */
  activity(): RuntimeActivity;
  /** Hides every secret any run has seen (as the gateway log does), for text written elsewhere (stderr, the desktop log). */
  scrub(text: string): string;
  onEvent(listener: RuntimeEventListener): () => void;
  /** Stops and drops every listener. */
  close(): Promise<void>;
}
