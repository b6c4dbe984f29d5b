import type { IncomingHttpHeaders } from 'node:http';
import { BlockList, isIP } from 'node:net';
import type { GatewayConfig } from '../../../src-shared/config/schema.js';
import { safeEqual } from '../utils/safe-equal.js';
import type { GatewayAuth } from './types.js';

/** The parts of an HTTP request or WS upgrade that authorisation looks at. */
export interface RequestPeer {
  /** The socket's remote address, exactly as node reports it. */
  remoteAddress: string | undefined;
  headers: IncomingHttpHeaders;
}

/** Credentials a client presented: HTTP headers, or the `auth` of a WS connect request. */
export interface PresentedCredentials {
  token?: string | undefined;
  password?: string | undefined;
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** Strips the IPv4-mapped prefix so `::ffff:127.0.0.1` compares as `127.0.0.1`. */
export function normalizeIp(address: string): string {
  const lower = address.trim().toLowerCase();
  return lower.startsWith('::ffff:') && isIP(lower.slice(7)) === 4 ? lower.slice(7) : lower;
}

/**
 * True only for exactly 127.0.0.1, ::1 and ::ffff:127.0.0.1 (the contract's is_local_request).
 * The rest of 127/8 is deliberately "remote": it is what tests and sandboxes use to stand in for
 * another machine, and nothing legitimate on this host needs it.
 */
export function isLocalRequest(clientIp: string | undefined): boolean {
  if (!clientIp) return false;
  const ip = normalizeIp(clientIp);
  return ip === '127.0.0.1' || ip === '::1';
}

/** True when a Host header (port optional) names this machine's loopback: localhost, 127.0.0.1 or [::1]. */
export function isLoopbackHost(hostHeader: string | undefined): boolean {
  const hostname = parseHostname(hostHeader);
  return hostname !== undefined && LOOPBACK_NAMES.has(hostname);
}

/** Extracts the lower-cased hostname of a Host header (IPv6 literals keep their brackets); undefined when malformed. */
export function parseHostname(hostHeader: string | undefined): string | undefined {
  if (!hostHeader) return undefined;
  const host = hostHeader.trim().toLowerCase();
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    if (end < 0) return undefined;
    const rest = host.slice(end + 1);
    if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return undefined;
    return host.slice(0, end + 1);
  }
  const colon = host.indexOf(':');
  const name = colon < 0 ? host : host.slice(0, colon);
  if (colon >= 0 && !/^\d{1,5}$/.test(host.slice(colon + 1))) return undefined;
  return /^[a-z0-9.-]+$/.test(name) ? name : undefined;
}

/** True when the request carries X-Forwarded-For, X-Real-IP or Forwarded. */
export function hasForwardedHeaders(headers: IncomingHttpHeaders): boolean {
  return (
    headers['x-forwarded-for'] !== undefined || headers['x-real-ip'] !== undefined || headers.forwarded !== undefined
  );
}

/**
 * local-direct: the socket peer is loopback (127.0.0.1 or ::1 exactly), no forwarded header is
 * present, and the Host header names loopback. All three, so a reverse proxy on this machine or
 * a DNS-rebound browser page never passes as local.
 */
export function isLocalDirectRequest(peer: RequestPeer): boolean {
  return isLocalRequest(peer.remoteAddress) && !hasForwardedHeaders(peer.headers) && isLoopbackHost(peer.headers.host);
}

const proxyLists = new WeakMap<readonly string[], BlockList>();

interface ProxyEntry {
  ip: string;
  type: 'ipv4' | 'ipv6';
  prefix: number | undefined;
}

/** Reads a `gateway.trusted_proxies` entry: an address, or a CIDR range with a prefix that fits its family; undefined otherwise. */
function parseProxyEntry(entry: string): ProxyEntry | undefined {
  const [address = '', prefix, extra] = entry.trim().split('/');
  const ip = normalizeIp(address);
  const family = isIP(ip);
  if (family === 0 || extra !== undefined) return undefined;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (prefix === undefined) return { ip, type, prefix: undefined };
  const bits = Number(prefix);
  if (!/^\d+$/.test(prefix) || bits > (family === 4 ? 32 : 128)) return undefined;
  return { ip, type, prefix: bits };
}

// A malformed entry is skipped here (BlockList would throw on every request) and reported by
// resolveTrustedProxyIssues at startup.
function compileTrustedProxies(entries: readonly string[]): BlockList {
  let list = proxyLists.get(entries);
  if (list) return list;
  list = new BlockList();
  for (const entry of entries) {
    const parsed = parseProxyEntry(entry);
    if (!parsed) continue;
    if (parsed.prefix === undefined) list.addAddress(parsed.ip, parsed.type);
    else list.addSubnet(parsed.ip, parsed.prefix, parsed.type);
  }
  proxyLists.set(entries, list);
  return list;
}

/** Lists `gateway.trusted_proxies` entries that are neither an IP address nor a CIDR range. */
export function resolveTrustedProxyIssues(entries: readonly string[]): string[] {
  return entries.filter((entry) => parseProxyEntry(entry) === undefined);
}

/** True when the peer address is listed (as an address or inside a CIDR range) in `trustedProxies`. */
export function isTrustedProxy(address: string | undefined, trustedProxies: readonly string[]): boolean {
  if (!address || trustedProxies.length === 0) return false;
  const ip = normalizeIp(address);
  const family = isIP(ip);
  if (family === 0) return false;
  return compileTrustedProxies(trustedProxies).check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

function stripPort(value: string): string {
  const v = value.trim().replace(/^"|"$/g, '');
  if (v.startsWith('[')) return v.slice(1, v.indexOf(']') > 0 ? v.indexOf(']') : undefined);
  return isIP(v) ? v : v.replace(/:\d+$/, '');
}

function forwardedChain(headers: IncomingHttpHeaders): string[] {
  const xff = headerValue(headers['x-forwarded-for']);
  if (xff) return xff.split(',').map(stripPort).filter(Boolean);
  const forwarded = headerValue(headers.forwarded);
  if (forwarded) {
    const chain: string[] = [];
    for (const match of forwarded.matchAll(/for=("[^"]*"|[^;,\s]+)/gi)) chain.push(stripPort(match[1] ?? ''));
    return chain.filter(Boolean);
  }
  const realIp = headerValue(headers['x-real-ip']);
  return realIp ? [stripPort(realIp)] : [];
}

/**
 * The client's address: the socket peer, unless the peer is a trusted proxy, in which case the
 * right-most untrusted address of X-Forwarded-For (else Forwarded `for=`, else X-Real-IP).
 * Forwarded headers from untrusted peers are ignored: anyone can send them.
 */
export function getClientIp(peer: RequestPeer, trustedProxies: readonly string[] = []): string {
  const socketIp = normalizeIp(peer.remoteAddress ?? '');
  if (!isTrustedProxy(socketIp, trustedProxies)) return socketIp;
  const chain = forwardedChain(peer.headers);
  for (let i = chain.length - 1; i >= 0; i--) {
    const hop = normalizeIp(chain[i] ?? '');
    if (isIP(hop) === 0) break;
    if (!isTrustedProxy(hop, trustedProxies)) return hop;
  }
  return socketIp;
}

/** Reads `Authorization: Bearer <token>` and `X-Password` (never the query string). */
export function readHeaderCredentials(headers: IncomingHttpHeaders): PresentedCredentials {
  const authorization = headers.authorization;
  const bearer = authorization?.match(/^Bearer\s+(\S.*)$/i)?.[1]?.trim();
  const password = headerValue(headers['x-password']);
  return { token: bearer || undefined, password: password || undefined };
}

/**
 * Authorises a request (the contract's authorize_gateway_request). Priority: local-direct, then a
 * Bearer token matching `gateway.token` or one of `extraTokens` (the desktop app's per-run token),
 * then a password matching `gateway.password`.
 */
export function authorizeGatewayRequest(
  peer: RequestPeer,
  config: Pick<GatewayConfig, 'token' | 'password' | 'trusted_proxies'>,
  credentials: PresentedCredentials = readHeaderCredentials(peer.headers),
  extraTokens: readonly string[] = [],
): GatewayAuth {
  const clientIp = getClientIp(peer, config.trusted_proxies);
  if (isLocalDirectRequest(peer)) return { authenticated: true, source: 'local-direct', clientIp };
  const { token, password } = credentials;
  const tokens = config.token ? [config.token, ...extraTokens] : extraTokens;
  // Every candidate is compared, so timing does not reveal which one matched.
  if (token !== undefined && tokens.map((expected) => safeEqual(token, expected)).includes(true)) {
    return { authenticated: true, source: 'token', clientIp };
  }
  if (config.password && password !== undefined && safeEqual(password, config.password)) {
    return { authenticated: true, source: 'password', clientIp };
  }
  const presented = token !== undefined || password !== undefined;
  const failure = presented ? 'mismatch' : tokens.length === 0 && !config.password ? 'not_configured' : 'missing';
  return { authenticated: false, source: 'none', clientIp, failure };
}

/** The 401 message for a failed GatewayAuth: what to send, and where. */
export function resolveUnauthorizedMessage(auth: GatewayAuth, via: 'http' | 'ws'): string {
  const how =
    via === 'http'
      ? 'send "Authorization: Bearer <gateway.token>" or "X-Password: <gateway.password>"'
      : 'send auth: {token} or auth: {password} in the connect request';
  switch (auth.failure) {
    case 'mismatch':
      return 'Invalid token or password';
    case 'not_configured':
      return `Only local clients (127.0.0.1 or ::1, no proxy) can use this gateway; set gateway.token or gateway.password in the config to allow ${auth.clientIp}`;
    default:
      return `Authentication required: ${how}`;
  }
}
