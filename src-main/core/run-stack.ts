import { collectSecretValues } from '../../src-shared/config/redact.js';
import type { OpenClawConfig } from '../../src-shared/config/schema.js';
import type { RuntimeStatus } from '../../src-shared/protocol/runtime-status.js';
import { describeError } from '../../src-shared/utils/common.js';
import { isListenerMove, resolveConfigApplied } from './config-applied.js';
import { createAgentService } from './agent/service.js';
import { resolveChangedSections, type LiveConfig, type LiveConfigEvent } from './config/live-config.js';
import { ensurePrivateStateDir, resolvePaths } from './config/paths.js';
import { resolveTrustedProxyIssues } from './gateway/auth.js';
import { resolveListenAddress, type ListenAddress } from './gateway/listen-address.js';
import type { AuthRateLimiter } from './gateway/rate-limit.js';
import { startGatewayServer, type GatewayServerHandle } from './gateway/server.js';
import { createSessionsView } from './gateway/sessions-view.js';
import type { GatewayLogger, GatewayState } from './gateway/types.js';
import type { LogTail } from './logging/log-tail.js';
import { createLogger, type LoggerHandle } from './logging/logger.js';
import { createSessionStore } from './sessions/store.js';
import { startSessionStoreWatcher, type SessionStoreDiff, type SessionStoreWatcher } from './sessions/watch.js';
import type { RuntimeActivity, RuntimeOptions } from './runtime-types.js';
import { GatewayStartError } from './start-error.js';
import { createShutdownSteps } from './shutdown-steps.js';
import { toStorageError } from './utils/storage-error.js';
import type { SecretKeeper } from './utils/secret-scrubber.js';
import { startTelegramService, type TelegramService } from './telegram/service.js';

export interface RunStackOptions extends Omit<RuntimeOptions, 'version' | 'clock'> {
  live: LiveConfig;
  /** Set up from this run's config (and reconfigured on reloads) when `logger` is not given. */
  ownedLogger?: LoggerHandle;
  /** The lines of the owned logger kept for the Logs page (the one it was created with). */
  logTail?: LogTail;
  version: string;
  /** Outlives the stack, so a lockout survives a restart. */
  limiter: AuthRateLimiter;
  /**
   * The one secret keeper (the owned logger's too): the stack adds every config's secrets and hands
   * its scrub to the agent, WS methods and Telegram, so errors hide a rotated-away key as the log does.
   */
  secrets: SecretKeeper;
  clock: () => number;
  /** Every event the gateway broadcasts, for the runtime's listeners. */
  onEvent(event: string, params: Record<string, unknown>): void;
  /** The stack's status() changed (listener restart, a Telegram bot's state). */
  onStatusChange(): void;
  /** The listener could not be brought back after a restart: the stack is no longer serving. */
  onFailure(error: GatewayStartError): void;
  /** A local client asked the gateway to stop (`gateway.shutdown`, e.g. the desktop app taking over). */
  onShutdownRequested(): void;
}

/** One run of the gateway: session store, agent, HTTP/WS server and Telegram, following the LiveConfig. */
export interface RunStack {
  /** `running` with the live listener, or `starting` while a config change moves it. */
  status(): RuntimeStatus;
  /** The agent's runs and the config writes in flight now. */
  activity(): RuntimeActivity;
  /** Announces gateway.shutdown, then closes Telegram, the agent, the store watcher and the server, in that order. */
  close(): Promise<void>;
}

type StepName = 'config' | 'telegram' | 'agent' | 'sessions' | 'server';
// Telegram first so answers in progress end with their partial text; the agent before the server so
// clients still get chat.error for runs cut by the shutdown; the server last.
const SHUTDOWN_ORDER: readonly StepName[] = ['config', 'telegram', 'agent', 'sessions', 'server'];

function warnAboutTrustedProxies(config: OpenClawConfig, configPath: string, logger: GatewayLogger): void {
  for (const entry of resolveTrustedProxyIssues(config.gateway.trusted_proxies)) {
    logger.warn(`Config ${configPath}: gateway.trusted_proxies: "${entry}" is not an IP address or CIDR range; it is ignored`);
  }
}

function sessionEventParams(diff: SessionStoreDiff): Record<string, unknown> {
  // fromEntries defines own properties: a `sessions[key] =` assignment would turn a session named
  // `__proto__` into the object's prototype and drop it from the event.
  return { sessions: Object.fromEntries(diff.updated) };
}

/**
 * Starts one run over a LiveConfig and follows it: a change re-reads the store path, reconfigures
 * the logger, revalidates clients on new credentials, reloads Telegram and moves the listener when
 * host or port changed (back to the old address if the new one fails). Throws GatewayStartError
 * (bad port, unsafe bind, port in use) after closing whatever had started.
 */
export async function startRunStack(options: RunStackOptions): Promise<RunStack> {
  const { live, env, clock } = options;
  const configPath = live.snapshot().path;
  const config = live.current();
  const steps = createShutdownSteps(SHUTDOWN_ORDER);
  const listenOverrides = { env, portOverride: options.portOverride, hostOverride: options.hostOverride, configPath };
  const paths = {
    ...resolvePaths(env, { sessionStore: config.session.store, logFile: config.logging.file }),
    ...options.paths,
    configPath,
  };
  // First, so even a failure to start is reported without this config's secrets.
  options.secrets.add(collectSecretValues(config));
  const scrub = options.secrets.scrub;
  const address = resolveListenAddress(config, listenOverrides);
  // Not fatal: a state dir that cannot be made private (a read-only disk, a folder of another user)
  // still serves reads, and the writes that need it fail with their own clear error. It is logged
  // once the logger is up (the logger may live in that very folder).
  const stateDirProblem = await ensurePrivateStateDir(paths.stateDir).then(
    () => undefined,
    (error: unknown) => toStorageError(error, paths.stateDir, { action: 'create', what: 'the state directory' }),
  );
  // Its secrets come from the shared keeper, which already holds this config's.
  const ownedLogger = options.logger ? undefined : (options.ownedLogger ?? createLogger(undefined, { keeper: options.secrets, tail: options.logTail }));
  ownedLogger?.reconfigure(config.logging, { logFile: paths.logFile, stateDir: paths.stateDir, clock });
  const logger: GatewayLogger = options.logger ?? (ownedLogger as LoggerHandle);
  if (stateDirProblem !== undefined) logger.warn(`Could not make the state directory private (mode 0700): ${describeError(stateDirProblem)}`);
  for (const warning of live.snapshot().warnings) logger.warn(`Config ${configPath}: ${warning.path}: ${warning.message}`);
  warnAboutTrustedProxies(config, configPath, logger);

  let server: GatewayServerHandle | undefined;
  let telegram: TelegramService | undefined;
  let agentRuns = (): number => 0;
  let listening = true;
  let closed = false;
  const broadcast = (event: string, params: Record<string, unknown>): void => {
    server?.broadcast(event, params);
    options.onEvent(event, params);
  };
  const reportStepFailure = (name: string, error: unknown): void => logger.error(`Shutdown of ${name} failed: ${describeError(error)}`);

  const sessionStore = createSessionStore({ clock });
  const storeOptions = () => ({ maintenance: live.current().session.maintenance, logger });
  const watchSessions = (storePath: string): Promise<SessionStoreWatcher> =>
    startSessionStoreWatcher(storePath, {
      store: sessionStore,
      clock,
      onChange: (diff) => {
        if (diff.updated.size > 0) broadcast('session.updated', sessionEventParams(diff));
        if (diff.deleted.length > 0) broadcast('session.deleted', { keys: [...diff.deleted] });
      },
      onError: (error) => logger.error(`Session store ${storePath}: ${describeError(error)}`),
      pollIntervalMs: options.watchPollIntervalMs,
    });

  try {
    let sessionWatcher = await watchSessions(paths.sessionStorePath);
    steps.add('sessions', () => sessionWatcher.close());
    const agent = createAgentService({
      config: live.current,
      sessionStore,
      sessionStorePath: () => sessionWatcher.storePath,
      // The watcher's view, current with our own writes and checked against the file's version.
      readSessionEntry: async (storePath, sessionKey) =>
        storePath === sessionWatcher.storePath ? sessionWatcher.readEntry(sessionKey) : (await sessionStore.load(storePath, storeOptions()))[sessionKey],
      sessionsDir: options.paths?.sessionsDir,
      logger,
      storeOptions,
      now: clock,
      scrub,
    });
    agent.onEvent((event) => broadcast(event.event, event.params));
    agentRuns = () => agent.runsInFlight();
    steps.add('agent', () => agent.close());

    const state: GatewayState = {
      version: options.version,
      startedAt: clock(),
      clock,
      config: live.current,
      configStatus: () => {
        const { path, loaded, valid, loadedAt } = live.snapshot();
        return { path, loaded, valid, loadedAt };
      },
      readConfigSnapshot: live.read,
      async updateConfig(request) {
        const previous = live.current();
        const from = server ? { host: server.host, port: server.port } : address;
        const snapshot = await live.update(request);
        const to = resolveListenAddress(snapshot.config, listenOverrides);
        return { hash: snapshot.hash, applied: resolveConfigApplied(previous, snapshot.config, { from, to }) };
      },
      sessions: createSessionsView(() => sessionWatcher, { store: sessionStore, storeOptions, clock }),
      logger,
      requestShutdown: () => {
        logger.info('Shutting down: a local client asked for it (gateway.shutdown)');
        options.onShutdownRequested();
      },
      extraTokens: options.extraTokens ?? [],
      dashboardDir: options.dashboardDir,
      agent,
      telegram: () => telegram,
      scrub,
      ...(ownedLogger && options.logTail ? { logs: { tail: options.logTail, file: () => ownedLogger.currentLogFile() } } : {}),
    };
    const listen = (at: ListenAddress): Promise<GatewayServerHandle> =>
      startGatewayServer({ state, host: at.host, port: at.port, limiter: options.limiter, configPath });
    server = await listen(address);
    steps.add('server', () => server?.close({ reason: 'stop', announce: false }));

    telegram = await startTelegramService({
      config: live.current,
      stateDir: paths.stateDir,
      sessionStore,
      sessionStorePath: () => sessionWatcher.storePath,
      storeOptions,
      agent,
      emit: (event, params) => {
        broadcast(event, params);
        // The tray shows the bots' state: a bot change is a status change.
        if (event === 'telegram.status') options.onStatusChange();
      },
      logger,
      now: clock,
      scrub,
    });
    const telegramService = telegram;
    steps.add('telegram', async () => {
      await telegramService.close();
      telegram = undefined;
    });

    /** Moves the listener; when neither the new nor the old address can be had, the stack reports a failure. */
    const moveListener = async (next: ListenAddress): Promise<void> => {
      const old = server;
      if (!old) return;
      broadcast('gateway.shutdown', { reason: 'restart' });
      await old.close({ reason: 'restart', announce: false });
      server = undefined;
      listening = false;
      options.onStatusChange();
      try {
        server = await listen(next);
      } catch (error) {
        logger.error(`Could not listen on ${next.host}:${next.port} (${describeError(error)}); staying on ${old.host}:${old.port}`);
        try {
          server = await listen({ host: old.host, port: old.port });
        } catch (fallbackError) {
          const reason = `The gateway stopped listening: it could not move to ${next.host}:${next.port} (${describeError(error)}) nor go back to ${old.host}:${old.port} (${describeError(fallbackError)})`;
          logger.error(reason);
          options.onFailure(new GatewayStartError(fallbackError instanceof GatewayStartError ? fallbackError.code : 'listen_failed', reason));
          return;
        }
      }
      listening = true;
      options.onStatusChange();
    };

    /** Applies a change; resolves with the address to move the listener to, when host or port changed. */
    const applyConfig = async (event: Extract<LiveConfigEvent, { type: 'applied' }>): Promise<ListenAddress | undefined> => {
      const next = event.config;
      const address = resolveListenAddress(next, listenOverrides);
      const restart = server !== undefined && isListenerMove(server, address);
      warnAboutTrustedProxies(next, configPath, logger);
      // A rotated token or password must also end the sessions opened with the old one.
      if (event.changed.includes('gateway')) server?.revalidateClients();
      // Kept with the old ones, so an error still quoting a rotated-away key stays hidden.
      options.secrets.add(collectSecretValues(next));
      if (ownedLogger) {
        try {
          if (event.changed.includes('logging')) ownedLogger.reconfigure(next.logging, { logFile: paths.logFile, stateDir: paths.stateDir, clock });
        } catch (error) {
          logger.error(`Could not apply the new logging settings from ${configPath}: ${describeError(error)}`);
        }
      }
      const nextStore = options.paths?.sessionStorePath ?? resolvePaths(env, { sessionStore: next.session.store }).sessionStorePath;
      if (nextStore !== sessionWatcher.storePath) {
        const old = sessionWatcher;
        sessionWatcher = await watchSessions(nextStore);
        await old.close();
      }
      logger.info(`Config reloaded from ${configPath}`, { changed: event.changed, restarted: restart });
      broadcast('config.reloaded', { path: configPath, hash: event.hash, changed: event.changed, restarted: restart });
      await telegram?.reload();
      return restart ? address : undefined;
    };

    const follow = async (event: LiveConfigEvent): Promise<ListenAddress | undefined> => {
      if (closed) return undefined;
      if (event.type === 'watch_error') {
        logger.error(event.message);
      } else if (event.type === 'invalid') {
        if (event.refused) logger.warn(`Config ${configPath} rejected: ${event.issues.map((issue) => issue.message).join('; ')}`);
        else logger.warn(`Config ${configPath} is invalid; keeping the last good config`, { issues: event.issues });
        broadcast('config.invalid', { path: configPath, issues: event.issues });
      } else {
        return applyConfig(event);
      }
      return undefined;
    };
    const reportFollowFailure = (error: unknown): void => logger.error(`Could not apply the config change: ${describeError(error)}`);
    // Changes are followed one at a time; close waits for the one in progress. The LiveConfig (and
    // so a config write) waits for a change to be applied, not for a listener move: a write made
    // over HTTP must get its answer before the listener it came in on is closed.
    let following: Promise<void> = Promise.resolve();
    const subscriber = (event: LiveConfigEvent): Promise<void> => {
      const applied = following.then(() => follow(event));
      following = applied.then((move) => (move ? moveListener(move) : undefined)).catch(reportFollowFailure);
      return applied.then(() => undefined, reportFollowFailure);
    };
    const unsubscribe = live.subscribe(subscriber);
    steps.add('config', async () => {
      unsubscribe();
      await following;
    });
    // A change that landed while this run was starting (e.g. during a port retry) was announced
    // before the subscription: follow it now, against the config this run started with.
    const startedWith = live.snapshot();
    if (startedWith.config !== config) {
      void subscriber({
        type: 'applied',
        config: startedWith.config,
        previous: config,
        changed: resolveChangedSections(config, startedWith.config),
        hash: startedWith.hash,
        warnings: startedWith.warnings,
        source: 'file',
      });
    }

    logger.info(`Gateway listening on ${server.url}`, { config: configPath, store: paths.sessionStorePath });
  } catch (error) {
    closed = true;
    await steps.run(reportStepFailure);
    throw error;
  }

  return {
    status() {
      if (!server || !listening) return { state: 'starting' };
      const channel = telegram?.status();
      return { state: 'running', url: server.url, port: server.port, clients: server.clientCount(), ...(channel?.enabled ? { telegram: channel } : {}) };
    },
    activity: () => ({ runs: agentRuns(), configWrites: live.updatesInFlight() }),
    async close() {
      broadcast('gateway.shutdown', { reason: 'stop' });
      closed = true;
      await steps.run(reportStepFailure);
    },
  };
}
