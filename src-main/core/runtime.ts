import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectSecretValues } from '../../src-shared/config/redact.js';
import type { OpenClawConfig } from '../../src-shared/config/schema.js';
import type { ConfigFileSnapshot, ConfigIssue } from '../../src-shared/config/snapshot.js';
import type { RuntimeEvent, RuntimeStatus } from '../../src-shared/protocol/runtime-status.js';
import { createAgentService } from './agent/service.js';
import { loadConfigFile, readConfigFileSnapshot } from './config/loader.js';
import { MissingEnvVarError } from './config/env-substitution.js';
import { formatConfigIssues } from './config/errors.js';
import { resolveGatewayPortOverride, resolvePaths, type Env, type OpenClawPaths } from './config/paths.js';
import { resolveTrustedProxyIssues } from './gateway/auth.js';
import { startFileWatch, type FileWatchHandle } from './utils/file-watch.js';
import { createAuthRateLimiter } from './gateway/rate-limit.js';
import { assertSafeBind, GatewayStartError, startGatewayServer, type GatewayServerHandle } from './gateway/server.js';
import { createSessionsView, sessionMapJson, type SessionsView } from './gateway/sessions-view.js';
import type { ConfigStatus, GatewayLogger, GatewayState } from './gateway/types.js';
import { addLogSecrets, setupLogger } from './logging/logger.js';
import { startTelegramService, type TelegramService } from './telegram/service.js';
import { startSessionStoreWatcher, type SessionStoreDiff, type SessionStoreWatcher } from './sessions/watch.js';

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
  /** Default: the process-wide core logger, set up from the config's logging section. */
  logger?: GatewayLogger;
  /** Config and store poll interval for filesystems where fs.watch misses events (default 1,000 ms). */
  watchPollIntervalMs?: number;
  /** Bearer tokens accepted besides gateway.token, e.g. the desktop app's per-run token for its own window. */
  extraTokens?: readonly string[];
  /** The built dashboard to serve at `/` (default: dist/renderer found beside the code). */
  dashboardDir?: string;
}

export type RuntimeEventListener = (event: RuntimeEvent) => void;

/** The gateway as one unit the CLI and the tray drive; every method may be called any number of times. */
export interface Runtime {
  /** Starts (or joins a start in progress); resolves with `running` or `failed`, never rejects. A start while running is a no-op. */
  start(): Promise<RuntimeStatus>;
  /** Ordered shutdown (gateway.shutdown, watchers, clients closed with 1001, servers) within 5 s; a no-op when stopped. */
  stop(): Promise<void>;
  /** Cheap: no I/O. */
  status(): RuntimeStatus;
  onEvent(listener: RuntimeEventListener): () => void;
  /** Stops and drops every listener. */
  close(): Promise<void>;
}

type Disposer = () => Promise<void> | void;

interface Running {
  server: GatewayServerHandle;
  state: MutableGatewayState;
  disposers: Disposer[];
}

interface MutableGatewayState extends GatewayState {
  current: { config: OpenClawConfig; status: ConfigStatus; hash: string | null };
  view: SessionsView;
}

let cachedVersion: string | undefined;

/** Reads the app version from the package.json above this module (works from src/ under tsx and from dist/); "0.0.0" when none is found. */
export function readAppVersion(): string {
  if (cachedVersion) return cachedVersion;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'openclaw-desktop' && pkg.version) return (cachedVersion = pkg.version);
    } catch {
      // No package.json at this level; keep walking up.
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return (cachedVersion = '0.0.0');
}

/** Explains an invalid snapshot with the loader's own error (exact `Invalid config at PATH:` lines, or the missing variable). */
async function explainInvalidConfig(snapshot: ConfigFileSnapshot, env: Env): Promise<GatewayStartError> {
  try {
    await loadConfigFile(snapshot.path, env);
  } catch (error) {
    if (error instanceof MissingEnvVarError) {
      return new GatewayStartError(
        'env_missing',
        `${error.message} (config file ${snapshot.path}); set ${error.varName} in the environment or remove the reference`,
      );
    }
    if (error instanceof Error) return new GatewayStartError('config_invalid', error.message);
  }
  return new GatewayStartError('config_invalid', `Invalid config at ${snapshot.path}:\n${formatConfigIssues(snapshot.issues)}`);
}

const CONFIG_SETTLE_MS = 100;

function warnAboutTrustedProxies(config: OpenClawConfig, configPath: string, logger: GatewayLogger): void {
  for (const entry of resolveTrustedProxyIssues(config.gateway.trusted_proxies)) {
    logger.warn(`Config ${configPath}: gateway.trusted_proxies: "${entry}" is not an IP address or CIDR range; it is ignored`);
  }
}

function changedSections(previous: OpenClawConfig, next: OpenClawConfig): string[] {
  const keys = new Set([...Object.keys(previous), ...Object.keys(next)]);
  return [...keys].filter(
    (key) => JSON.stringify((previous as Record<string, unknown>)[key]) !== JSON.stringify((next as Record<string, unknown>)[key]),
  );
}

function sessionEventParams(diff: SessionStoreDiff): { params: Record<string, unknown>; json: string } {
  const sessions: Record<string, unknown> = {};
  for (const [key, watched] of diff.updated) sessions[key] = watched.entry;
  return { params: { sessions }, json: `{"sessions":${sessionMapJson(diff.updated)}}` };
}

/**
 * Creates the runtime (nothing starts until `start()`): config snapshot and hot reload, logging,
 * the session store watcher and the gateway server, torn down in reverse order by `stop()`.
 */
export function createRuntime(options: RuntimeOptions): Runtime {
  const { env } = options;
  const listeners = new Set<RuntimeEventListener>();
  const limiter = createAuthRateLimiter();
  let status: RuntimeStatus = { state: 'stopped' };
  let running: Running | undefined;
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
  const setStatus = (next: RuntimeStatus): void => {
    status = next;
    emit({ type: 'status', status: currentStatus() });
  };
  // The Telegram channel of the running gateway; its status rides along in the running status.
  let telegram: TelegramService | undefined;
  const currentStatus = (): RuntimeStatus => {
    if (status.state === 'running' && running) {
      const channel = telegram?.status();
      return { ...status, clients: running.server.clientCount(), ...(channel?.enabled ? { telegram: channel } : {}) };
    }
    return status;
  };
  const broadcast = (event: string, params: Record<string, unknown>, paramsJson?: string): void => {
    running?.server.broadcast(event, params, paramsJson === undefined ? undefined : { paramsJson });
    emit({ type: 'event', event, params });
  };

  const resolvePort = (config: OpenClawConfig): number =>
    options.portOverride ?? resolveGatewayPortOverride(env) ?? config.gateway.port;

  async function doStart(): Promise<RuntimeStatus> {
    setStatus({ state: 'starting' });
    const disposers: Disposer[] = [];
    try {
      const configPath = options.paths?.configPath ?? resolvePaths(env).configPath;
      const snapshot = await readConfigFileSnapshot(configPath, env);
      if (!snapshot.valid || !snapshot.config) throw await explainInvalidConfig(snapshot, env);
      const config = snapshot.config as OpenClawConfig;
      const paths = {
        ...resolvePaths(env, { sessionStore: config.session.store, logFile: config.logging.file }),
        ...options.paths,
        configPath,
      };
      let port: number;
      try {
        port = resolvePort(config);
      } catch (error) {
        throw new GatewayStartError('config_invalid', (error as Error).message);
      }
      const ownsLogger = options.logger === undefined;
      const logger: GatewayLogger =
        options.logger ?? setupLogger(config.logging, { logFile: paths.logFile, secrets: collectSecretValues(config) });
      for (const warning of snapshot.warnings) logger.warn(`Config ${configPath}: ${warning.path}: ${warning.message}`);
      warnAboutTrustedProxies(config, configPath, logger);

      const storeOptions = () => ({ maintenance: state.current.config.session.maintenance, logger });
      const watchSessions = (storePath: string): Promise<SessionStoreWatcher> =>
        startSessionStoreWatcher(storePath, {
          onChange: (diff) => {
            if (diff.updated.size > 0) {
              const { params, json } = sessionEventParams(diff);
              broadcast('session.updated', params, json);
            }
            if (diff.deleted.length > 0) broadcast('session.deleted', { keys: [...diff.deleted] });
          },
          onError: (error) => logger.error(`Session store ${storePath}: ${error instanceof Error ? error.message : String(error)}`),
          pollIntervalMs: options.watchPollIntervalMs,
        });
      let sessionWatcher = await watchSessions(paths.sessionStorePath);
      // Reads the config and store path at every run, so reloads apply to the next message.
      const agent = createAgentService({
        config: () => state.current.config,
        sessionStorePath: () => sessionWatcher.storePath,
        sessionsDir: options.paths?.sessionsDir,
        logger,
        storeOptions,
      });
      agent.onEvent((event) => broadcast(event.event, event.params));

      const state: MutableGatewayState = {
        version: options.version ?? readAppVersion(),
        startedAt: Date.now(),
        current: {
          config,
          hash: snapshot.hash,
          status: { path: configPath, loaded: snapshot.exists, valid: true, loadedAt: snapshot.loaded_at },
        },
        view: createSessionsView(sessionWatcher, storeOptions),
        config: () => state.current.config,
        configStatus: () => state.current.status,
        readConfigSnapshot: () => readConfigFileSnapshot(configPath, env),
        get sessions() {
          return state.view;
        },
        logger,
        extraTokens: options.extraTokens ?? [],
        dashboardDir: options.dashboardDir,
        agent,
        get telegram() {
          return telegram;
        },
      };

      const host = options.hostOverride ?? config.gateway.host;
      let server: GatewayServerHandle;
      try {
        server = await startGatewayServer({ state, host, port, limiter, configPath });
      } catch (error) {
        await agent.close();
        await sessionWatcher.close();
        throw error;
      }
      running = { server, state, disposers };
      // Registered after the server so LIFO unwinding stops the watchers before clients are closed.
      disposers.push(() => running?.server.close({ reason: 'stop', announce: false }));
      disposers.push(() => sessionWatcher.close());
      // Unwound before the server closes, so clients still get chat.error for runs cut by the shutdown.
      disposers.push(() => agent.close());
      // Loads grammy only when telegram.enabled. Unwound before the agent closes, so answers in
      // progress end with their partial text in the chat.
      const telegramService = await startTelegramService({
        config: () => state.current.config,
        stateDir: paths.stateDir,
        sessionStorePath: () => sessionWatcher.storePath,
        storeOptions,
        agent,
        emit: (event, params) => {
          broadcast(event, params);
          // The tray shows the bots' state: a bot change is a status change.
          if (event === 'telegram.status' && status.state === 'running') emit({ type: 'status', status: currentStatus() });
        },
        logger,
      });
      telegram = telegramService;
      disposers.push(async () => {
        await telegramService.close();
        telegram = undefined;
      });

      const reload = async (): Promise<void> => {
        const next = await readConfigFileSnapshot(configPath, env);
        const previous = state.current;
        if (!next.valid || !next.config) {
          state.current = { ...previous, status: { ...previous.status, valid: false } };
          logger.warn(`Config ${configPath} is invalid; keeping the last good config`, { issues: next.issues });
          broadcast('config.invalid', { path: configPath, issues: next.issues });
          return;
        }
        if (next.hash === previous.hash) {
          state.current = { ...previous, status: { ...previous.status, valid: true } };
          // The file went bad and came back byte for byte: clients still show the issues until told.
          if (!previous.status.valid) broadcast('config.reloaded', { path: configPath, hash: next.hash, changed: [], restarted: false });
          return;
        }
        const nextConfig = next.config as OpenClawConfig;
        const nextHost = options.hostOverride ?? nextConfig.gateway.host;
        let nextPort: number;
        try {
          nextPort = resolvePort(nextConfig);
          assertSafeBind(nextHost, nextConfig.gateway, configPath);
        } catch (error) {
          const issue: ConfigIssue = { path: 'gateway', message: (error as Error).message };
          state.current = { ...previous, status: { ...previous.status, valid: false } };
          logger.warn(`Config ${configPath} rejected: ${issue.message}`);
          broadcast('config.invalid', { path: configPath, issues: [issue] });
          return;
        }
        const current = running?.server;
        const restart = current !== undefined && (nextHost !== current.host || (nextPort !== current.port && nextPort !== 0));
        const changed = changedSections(previous.config, nextConfig);
        state.current = {
          config: nextConfig,
          hash: next.hash,
          status: { path: configPath, loaded: next.exists, valid: true, loadedAt: next.loaded_at },
        };
        warnAboutTrustedProxies(nextConfig, configPath, logger);
        // A rotated token or password must also end the sessions opened with the old one.
        if (changed.includes('gateway')) running?.server.revalidateClients();
        if (ownsLogger) {
          if (changed.includes('logging')) setupLogger(nextConfig.logging, { logFile: paths.logFile, secrets: collectSecretValues(nextConfig) });
          else addLogSecrets(collectSecretValues(nextConfig));
        }
        const nextStore = options.paths?.sessionStorePath ?? resolvePaths(env, { sessionStore: nextConfig.session.store }).sessionStorePath;
        if (nextStore !== sessionWatcher.storePath) {
          const old = sessionWatcher;
          sessionWatcher = await watchSessions(nextStore);
          state.view = createSessionsView(sessionWatcher, storeOptions);
          await old.close();
        }
        logger.info(`Config reloaded from ${configPath}`, { changed, restarted: restart });
        broadcast('config.reloaded', { path: configPath, hash: next.hash, changed, restarted: restart });
        await telegram?.reload();
        if (restart && running) await restartListener(nextHost, nextPort);
      };

      const restartListener = async (nextHost: string, nextPort: number): Promise<void> => {
        if (!running) return;
        const old = running.server;
        broadcast('gateway.shutdown', { reason: 'restart' });
        await old.close({ reason: 'restart', announce: false });
        setStatus({ state: 'starting' });
        try {
          running.server = await startGatewayServer({ state, host: nextHost, port: nextPort, limiter, configPath });
        } catch (error) {
          logger.error(`Could not listen on ${nextHost}:${nextPort} (${(error as Error).message}); staying on ${old.host}:${old.port}`);
          running.server = await startGatewayServer({ state, host: old.host, port: old.port, limiter, configPath });
        }
        setStatus({ state: 'running', url: running.server.url, port: running.server.port, clients: 0 });
      };

      const configWatch: FileWatchHandle = await startFileWatch(configPath, {
        onChange: reload,
        onError: (error) => logger.error(`Config watch ${configPath}: ${error instanceof Error ? error.message : String(error)}`),
        pollIntervalMs: options.watchPollIntervalMs,
        // Editors often save in several steps (truncate, write, rename); wait for them to settle.
        coalesceMs: CONFIG_SETTLE_MS,
      });
      disposers.push(() => configWatch.close());

      logger.info(`Gateway listening on ${server.url}`, { config: configPath, store: paths.sessionStorePath });
      setStatus({ state: 'running', url: server.url, port: server.port, clients: 0 });
      return currentStatus();
    } catch (error) {
      await unwind(disposers);
      running = undefined;
      const failure =
        error instanceof GatewayStartError
          ? { code: error.code, reason: error.message }
          : { code: 'internal' as const, reason: `Gateway failed to start: ${error instanceof Error ? error.message : String(error)}` };
      setStatus({ state: 'failed', ...failure });
      return currentStatus();
    }
  }

  async function unwind(disposers: Disposer[]): Promise<void> {
    while (disposers.length > 0) {
      const dispose = disposers.pop();
      try {
        await dispose?.();
      } catch {
        // Keep unwinding: one failing disposer must not leave the port or a watcher open.
      }
    }
  }

  async function doStop(): Promise<void> {
    const current = running;
    if (!current) return;
    current.server.broadcast('gateway.shutdown', { reason: 'stop' });
    emit({ type: 'event', event: 'gateway.shutdown', params: { reason: 'stop' } });
    await unwind(current.disposers);
    running = undefined;
    setStatus({ state: 'stopped' });
  }

  const runtime: Runtime = {
    start() {
      if (starting) return starting;
      if (status.state === 'running') return Promise.resolve(currentStatus());
      starting = (stopping ?? Promise.resolve()).then(doStart).finally(() => {
        starting = undefined;
      });
      return starting;
    },
    stop() {
      if (stopping) return stopping;
      stopping = (starting ?? Promise.resolve())
        .then(doStop)
        .finally(() => {
          stopping = undefined;
        });
      return stopping;
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
