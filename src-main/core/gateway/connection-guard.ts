import type { Socket } from 'node:net';
import { isLocalRequest, normalizeIp } from './auth.js';
import type { GatewayLogger } from './types.js';

/** Sockets one address may hold open before any of them authenticated (upstream's figure). */
export const MAX_UNAUTHENTICATED_PER_ADDRESS = 32;
/** Sockets the gateway holds open at most, well under a 1,024 file descriptor limit. */
export const MAX_CONNECTIONS = 512;
/** Of MAX_CONNECTIONS, how many only 127.0.0.1 and ::1 may take, so a flood from elsewhere never locks out this machine. */
export const LOOPBACK_RESERVED_CONNECTIONS = 64;
/** A refusal is logged at most this often; the next line says how many were refused meanwhile. */
const REFUSAL_LOG_INTERVAL_MS = 10_000;

export interface ConnectionLimits {
  maxUnauthenticatedPerAddress: number;
  maxConnections: number;
  loopbackReserved: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  maxUnauthenticatedPerAddress: MAX_UNAUTHENTICATED_PER_ADDRESS,
  maxConnections: MAX_CONNECTIONS,
  loopbackReserved: LOOPBACK_RESERVED_CONNECTIONS,
};

export interface ConnectionGuardOptions {
  limits?: Partial<ConnectionLimits>;
  /** True for peers listed in gateway.trusted_proxies: they carry many clients, so only the overall cap applies to them (as to 127.0.0.1). */
  isTrustedProxy(address: string): boolean;
  /** How soon a refused client may try again (the header timeout: by then idle sockets are gone). */
  retryAfterSeconds: number;
  logger: GatewayLogger;
  clock: () => number;
}

/** Admission control for the gateway's TCP sockets. */
export interface ConnectionGuard {
  /** Takes a new socket into account, or answers it 503 and destroys it at once; true when admitted. */
  admit(socket: Socket): boolean;
  /** The socket carried a request (or WS connect) that authenticated: it no longer counts against its address. */
  markAuthenticated(socket: Socket): void;
}

interface Tracked {
  address: string;
  authenticated: boolean;
}

function refusalResponse(message: string, retryAfterSeconds: number): string {
  const body = JSON.stringify({ error: { message, type: 'service_unavailable' } });
  return (
    `HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
    `Retry-After: ${retryAfterSeconds}\r\nConnection: close\r\n\r\n${body}`
  );
}

/**
 * Creates the guard the server runs every new socket through: at most `maxUnauthenticatedPerAddress`
 * not-yet-authenticated sockets per peer address (127.0.0.1, ::1 and trusted proxies exempt), at most `maxConnections`
 * in all, of which the last `loopbackReserved` only 127.0.0.1 / ::1 may take. Refusals are logged
 * (throttled) with the address and reason.
 */
export function createConnectionGuard(options: ConnectionGuardOptions): ConnectionGuard {
  const limits = { ...DEFAULT_CONNECTION_LIMITS, ...options.limits };
  const tracked = new WeakMap<Socket, Tracked>();
  const unauthenticated = new Map<string, number>();
  let open = 0;
  let lastLoggedAt = Number.NEGATIVE_INFINITY;
  let unlogged = 0;

  const release = (entry: Tracked): void => {
    if (entry.authenticated) return;
    entry.authenticated = true;
    const left = (unauthenticated.get(entry.address) ?? 1) - 1;
    if (left <= 0) unauthenticated.delete(entry.address);
    else unauthenticated.set(entry.address, left);
  };

  const refuse = (socket: Socket, address: string, reason: string, advice: string): false => {
    // Written before the destroy: on a fresh socket the write goes out at once, and destroying in
    // the same tick means the HTTP parser never reads (let alone acts on) a request from it.
    socket.on('error', () => undefined);
    socket.write(refusalResponse(`${reason}; ${advice}`, options.retryAfterSeconds));
    socket.destroy();
    const now = options.clock();
    if (now - lastLoggedAt >= REFUSAL_LOG_INTERVAL_MS) {
      const meanwhile = unlogged > 0 ? ` (${unlogged} more refused since the last report)` : '';
      options.logger.warn(`Refused a connection from ${address}: ${reason}${meanwhile}`);
      lastLoggedAt = now;
      unlogged = 0;
    } else {
      unlogged += 1;
    }
    return false;
  };

  return {
    admit(socket) {
      const address = normalizeIp(socket.remoteAddress ?? '');
      const local = isLocalRequest(address);
      const ceiling = local ? limits.maxConnections : limits.maxConnections - limits.loopbackReserved;
      if (open >= ceiling) {
        return refuse(socket, address, `the gateway already holds ${open} connections`, 'try again shortly');
      }
      const pending = unauthenticated.get(address) ?? 0;
      // This machine's own programs (the tray app, the CLI, a dashboard tab) open bursts of sockets
      // and are local-direct anyway; only the overall cap, with its reserve, applies to them.
      const capped = !local && !options.isTrustedProxy(address);
      if (capped && pending >= limits.maxUnauthenticatedPerAddress) {
        return refuse(
          socket,
          address,
          `${pending} connections from ${address} have not authenticated yet`,
          'close idle connections or send credentials on the open ones',
        );
      }
      const entry: Tracked = { address, authenticated: false };
      tracked.set(socket, entry);
      unauthenticated.set(address, pending + 1);
      open += 1;
      socket.once('close', () => {
        open -= 1;
        release(entry);
      });
      return true;
    },
    markAuthenticated(socket) {
      const entry = tracked.get(socket);
      if (entry) release(entry);
    },
  };
}
