import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GatewayConfig } from '../../../src-shared/config/schema.js';
import { WS_CLOSE } from '../../../src-shared/protocol/errors.js';
import { GatewayStartError } from '../start-error.js';
import { createApp } from './app.js';
import { isTrustedProxy } from './auth.js';
import { createConnectionGuard, type ConnectionLimits } from './connection-guard.js';
import { createHostPolicy, isWildcardHost, type HostPolicy } from './host-origin.js';
import { createAuthRateLimiter, type AuthRateLimiter } from './rate-limit.js';
import type { GatewayState } from './types.js';
import type { BroadcastOptions } from './ws-broadcast.js';
import { createWebSocketServer } from './ws-server.js';

/** Everything after the shutdown broadcast must finish within this long (default 5 s). */
export const GATEWAY_SHUTDOWN_TIMEOUT_MS = 5_000;
/** How long a port in use is retried before the start fails with `port_in_use`. */
export const PORT_IN_USE_RETRY_MS = 1_000;
const PORT_IN_USE_RETRY_INTERVAL_MS = 100;
/** A client must send its request headers within this long of connecting (or of its previous request). */
export const HTTP_HEADERS_TIMEOUT_MS = 10_000;
/** A whole request (headers and body) must arrive within this long. */
export const HTTP_REQUEST_TIMEOUT_MS = 30_000;
/** An idle keep-alive connection is closed after this long. */
export const HTTP_KEEP_ALIVE_TIMEOUT_MS = 5_000;
const HTTP_TIMEOUT_CHECK_INTERVAL_MS = 1_000;

export { GatewayStartError };

export interface GatewayServerOptions {
  state: GatewayState;
  /** Bind address (see resolveListenAddress). */
  host: string;
  /** Port; 0 picks a free one. */
  port: number;
  /** Shared across listener restarts so a lockout survives them (default: a fresh limiter). */
  limiter?: AuthRateLimiter;
  pingIntervalMs?: number;
  connectTimeoutMs?: number;
  /** Caps on open and not-yet-authenticated sockets (default DEFAULT_CONNECTION_LIMITS). */
  connectionLimits?: Partial<ConnectionLimits>;
  /** Where the config lives, for error messages. */
  configPath?: string;
}

export interface GatewayCloseOptions {
  /** `restart` closes clients with 1012 (come back soon), `stop` with 1001 (default). */
  reason?: 'stop' | 'restart';
  timeoutMs?: number;
  /** false when the caller already broadcast gateway.shutdown (default true). */
  announce?: boolean;
}

/** A listening gateway (the contract's GatewayServer). */
export interface GatewayServerHandle {
  readonly host: string;
  readonly port: number;
  /** Dashboard URL, e.g. http://127.0.0.1:18789/ */
  readonly url: string;
  broadcast(eventName: string, params?: Record<string, unknown>, options?: BroadcastOptions): number;
  clientCount(): number;
  /** Disconnects (1008) WS clients whose token or password the current config no longer accepts; returns how many. */
  revalidateClients(): number;
  /** Ordered shutdown: gateway.shutdown event, keepalive off, clients closed, WS server, then HTTP (idle keep-alive sockets dropped). */
  close(options?: GatewayCloseOptions): Promise<void>;
}

/** True for bind addresses only this machine can reach (127/8, ::1, localhost). */
export function isLoopbackBindHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::ffff:127.0.0.1';
}

/** Throws GatewayStartError(insecure_bind) when binding beyond loopback without gateway.token or gateway.password. */
export function assertSafeBind(host: string, config: Pick<GatewayConfig, 'token' | 'password'>, configPath = 'the config file'): void {
  if (isLoopbackBindHost(host) || config.token || config.password) return;
  throw new GatewayStartError(
    'insecure_bind',
    `Refusing to listen on ${host} without gateway.token or gateway.password: anyone who can reach this machine could use the gateway. ` +
      `Set one of them in ${configPath}, or keep gateway.host at 127.0.0.1`,
  );
}

/** The URL a browser on this machine opens for a gateway listening on host:port (a wildcard bind is reached on loopback). */
export function formatGatewayUrl(host: string, port: number): string {
  const h = host.replace(/^\[|\]$/g, '');
  const urlHost = h === '0.0.0.0' || h === '' ? '127.0.0.1' : h === '::' ? '[::1]' : h.includes(':') ? `[${h}]` : h;
  return `http://${urlHost}:${port}/`;
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): GatewayStartError {
  const where = `${host}:${port}`;
  const options = { cause: error, address: { host, port } };
  switch (error.code) {
    case 'EADDRINUSE':
      return new GatewayStartError(
        'port_in_use',
        `another process is already listening on ${where}; stop it, or choose another port with --port, OPENCLAW_GATEWAY_PORT or gateway.port`,
        options,
      );
    case 'EACCES':
      return new GatewayStartError('listen_failed', `permission denied listening on ${where}; ports below 1024 need privileges, choose another gateway.port`, options);
    case 'EADDRNOTAVAIL':
      return new GatewayStartError('listen_failed', `cannot listen on ${where}: ${host} is not an address of this machine; fix gateway.host`, options);
    default:
      return new GatewayStartError('listen_failed', `cannot listen on ${where}: ${error.message}`, options);
  }
}

function interfaceAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .map((info) => info?.address)
    .filter((address): address is string => typeof address === 'string');
}

function listenOnce(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ host, port });
  });
}

/**
 * Listens, retrying a port in use for PORT_IN_USE_RETRY_MS (a gateway that is just stopping, e.g.
 * the previous run during a restart, frees it within moments) before giving up with a clear error.
 */
async function listen(server: Server, host: string, port: number, state: GatewayState): Promise<void> {
  // Counted in attempts, not by the clock: a frozen or stepped clock must not make it retry forever.
  const attempts = Math.ceil(PORT_IN_USE_RETRY_MS / PORT_IN_USE_RETRY_INTERVAL_MS);
  for (let attempt = 0; ; attempt += 1) {
    try {
      await listenOnce(server, host, port);
      return;
    } catch (error) {
      const errno = error as NodeJS.ErrnoException;
      if (errno.code !== 'EADDRINUSE' || attempt >= attempts) throw listenError(errno, host, port);
      if (attempt === 0) state.logger.debug(`${host}:${port} is in use; retrying for up to ${PORT_IN_USE_RETRY_MS} ms`);
      await sleep(PORT_IN_USE_RETRY_INTERVAL_MS);
    }
  }
}

/**
 * Starts HTTP and WebSocket on one port (the contract's start_server): refuses a non-loopback
 * bind without credentials, and turns listen errors into GatewayStartError with a clear message.
 */
export async function startGatewayServer(options: GatewayServerOptions): Promise<GatewayServerHandle> {
  const { state, host } = options;
  const requestedPort = options.port;
  assertSafeBind(host, state.config().gateway, options.configPath);
  const limiter = options.limiter ?? createAuthRateLimiter({ now: state.clock });
  const addresses = isWildcardHost(host) ? interfaceAddresses() : [];

  let port = requestedPort;
  let policyFor: GatewayConfig | undefined;
  let policy: HostPolicy | undefined;
  const currentPolicy = (): HostPolicy => {
    const gateway = state.config().gateway;
    if (!policy || policyFor !== gateway) {
      policy = createHostPolicy({ config: { ...gateway, host }, port, interfaceAddresses: addresses });
      policyFor = gateway;
    }
    return policy;
  };

  const guard = createConnectionGuard({
    limits: options.connectionLimits,
    isTrustedProxy: (address) => isTrustedProxy(address, state.config().gateway.trusted_proxies),
    retryAfterSeconds: HTTP_HEADERS_TIMEOUT_MS / 1000,
    logger: state.logger,
    clock: state.clock,
  });
  let url = '';
  const methods = {
    state,
    clientCount: () => ws.manager.getConnectionCount(),
    serverInfo: () => ({ url, port }),
  };
  const ws = createWebSocketServer({
    state,
    limiter,
    policy: currentPolicy,
    methods,
    pingIntervalMs: options.pingIntervalMs,
    connectTimeoutMs: options.connectTimeoutMs,
    onAuthenticated: (socket) => guard.markAuthenticated(socket as Socket),
  });
  const app = createApp({ ...methods, policy: currentPolicy, limiter, markAuthenticated: (socket) => guard.markAuthenticated(socket) });
  const server = createServer(
    {
      // Slow-header and slow-body clients are cut off instead of holding sockets for minutes.
      headersTimeout: HTTP_HEADERS_TIMEOUT_MS,
      requestTimeout: HTTP_REQUEST_TIMEOUT_MS,
      keepAliveTimeout: HTTP_KEEP_ALIVE_TIMEOUT_MS,
      // Node enforces both timeouts only when it sweeps its connection list (every 30 s by
      // default), so an idle socket used to live up to 40 s; sweeping each second keeps them honest.
      connectionsCheckingInterval: HTTP_TIMEOUT_CHECK_INTERVAL_MS,
    },
    app,
  );
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    if (!guard.admit(socket)) return;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req, socket, head) => ws.handleUpgrade(req, socket, head));

  try {
    await listen(server, host, requestedPort, state);
  } catch (error) {
    await ws.close();
    throw error;
  }
  port = (server.address() as AddressInfo).port;
  url = formatGatewayUrl(host, port);
  policy = undefined;

  let closing: Promise<void> | undefined;
  const close = async (closeOptions: GatewayCloseOptions = {}): Promise<void> => {
    const reason = closeOptions.reason ?? 'stop';
    const deadline = state.clock() + (closeOptions.timeoutMs ?? GATEWAY_SHUTDOWN_TIMEOUT_MS);
    if (closeOptions.announce !== false) ws.broadcast('gateway.shutdown', { reason });
    const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await ws.close(reason === 'restart' ? WS_CLOSE.serviceRestart : WS_CLOSE.goingAway, reason === 'restart' ? 'Gateway restarting' : 'Gateway stopping');
    server.closeIdleConnections();
    // Node's closeIdleConnections misses a socket that never sent a byte (the OpenAI SDK opens one
    // beside a stream it abandons), which kept every stop waiting for the whole timeout. One in the
    // middle of sending a request is left to the timeout, as Node leaves it.
    for (const socket of sockets) if (socket.bytesRead === 0) socket.destroy();
    const remaining = Math.max(0, deadline - state.clock());
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, remaining);
    });
    await Promise.race([httpClosed, timedOut]);
    clearTimeout(timer);
    // In-flight requests had their chance; whatever is left is cut so stop never hangs.
    server.closeAllConnections();
    for (const socket of sockets) socket.destroy();
    await httpClosed;
  };

  return {
    host,
    port,
    url,
    broadcast: (eventName, params, broadcastOptions) => ws.broadcast(eventName, params, broadcastOptions),
    clientCount: () => ws.manager.getConnectionCount(),
    revalidateClients: () => ws.revalidate(),
    close(closeOptions) {
      closing ??= close(closeOptions);
      return closing;
    },
  };
}
