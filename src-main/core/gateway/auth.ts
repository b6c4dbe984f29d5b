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
  /** The request target as sent (`req.url`); an absolute-form target names a host of its own. */
  target?: string | undefined;
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

const LOOPBACK_IPV4 = /^127\.(25[0-5]|2[0-4]\d|1?\d?\d)\.(25[0-5]|2[0-4]\d|1?\d?\d)\.(25[0-5]|2[0-4]\d|1?\d?\d)$/;

/**
 * True when a Host header (port optional) names this machine's loopback: localhost, [::1] or an
 * address in 127.0.0.0/8 (so a gateway bound to 127.0.0.2 is local at its own URL). An IP literal
 * cannot be DNS-rebound, so accepting all of 127/8 gives a foreign page nothing.
 */
export function isLoopbackHost(hostHeader: string | undefined): boolean {
  const hostname = parseHostname(hostHeader);
  return hostname !== undefined && (LOOPBACK_NAMES.has(hostname) || LOOPBACK_IPV4.test(hostname));
}

/**
 * The authority of an absolute-form request target (`GET http://host:port/path`), which HTTP/1.1
 * says overrides Host; undefined for the usual origin-form (`/path`) and `*`; null when the target
 * is neither and cannot be read, which callers refuse.
 */
export function resolveTargetAuthority(target: string | undefined): string | null | undefined {
  if (target === undefined || target.startsWith('/') || target === '*') return undefined;
  try {
    const url = new URL(target);
    return /^(https?|wss?):$/.test(url.protocol) && url.host !== '' ? url.host : null;
  } catch {
    // Not a URL at all: the caller answers 403 rather than guessing which host was meant.
    return null;
  }
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
 * present, and the Host header (and an absolute-form target's host) names loopback. All of them,
 * so a reverse proxy on this machine or a DNS-rebound browser page never passes as local.
 */
export function isLocalDirectRequest(peer: RequestPeer): boolean {
  const authority = resolveTargetAuthority(peer.target);
  return (
    isLocalRequest(peer.remoteAddress) &&
    !hasForwardedHeaders(peer.headers) &&
    isLoopbackHost(peer.headers.host) &&
    (authority === undefined || (authority !== null && isLoopbackHost(authority)))
  );
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

/** The hops of each forwarding header present, left (farthest) to right (nearest); '' for a hop without an address. */
function forwardedChains(headers: IncomingHttpHeaders): string[][] {
  const chains: string[][] = [];
  for (const name of ['x-forwarded-for', 'x-real-ip'] as const) {
    const value = headerValue(headers[name]);
    if (value !== undefined) chains.push(value.split(',').map(stripPort));
  }
  const forwarded = headerValue(headers.forwarded);
  if (forwarded !== undefined) {
    // RFC 7239: one element per hop, `;`-separated pairs; an element without for= is a hop we cannot name.
    chains.push(forwarded.split(',').map((element) => stripPort(/(?:^|;)\s*for=("[^"]*"|[^;\s]*)/i.exec(element)?.[1] ?? '')));
  }
  return chains;
}

/** The right-most hop of a chain that is not a trusted proxy; undefined when an unreadable hop comes first or every hop is trusted. */
function rightmostUntrustedHop(chain: readonly string[], trustedProxies: readonly string[]): string | undefined {
  for (let i = chain.length - 1; i >= 0; i--) {
    const hop = normalizeIp(chain[i] ?? '');
    if (isIP(hop) === 0) return undefined;
    if (!isTrustedProxy(hop, trustedProxies)) return hop;
  }
  return undefined;
}

/**
 * The client's address: the socket peer, unless the peer is a trusted proxy, in which case the
 * right-most untrusted hop of X-Forwarded-For, Forwarded `for=` and X-Real-IP. No header outranks
 * another: a proxy passes unknown headers through, so a client could add whichever one the proxy
 * does not set. When the headers present name different clients, the proxy's own address is used,
 * which a client cannot pick. Forwarded headers from untrusted peers are ignored: anyone can send them.
 */
export function getClientIp(peer: RequestPeer, trustedProxies: readonly string[] = []): string {
  const socketIp = normalizeIp(peer.remoteAddress ?? '');
  if (!isTrustedProxy(socketIp, trustedProxies)) return socketIp;
  const named = new Set<string>();
  for (const chain of forwardedChains(peer.headers)) {
    const hop = rightmostUntrustedHop(chain, trustedProxies);
    if (hop !== undefined) named.add(hop);
  }
  const [only] = named;
  return named.size === 1 && only !== undefined ? only : socketIp;
}

/**
 * Reads `Authorization: Bearer <token>` and `X-Password` (never the query string). Any other
 * Authorization value (`Basic ...`, a bare `Bearer`) is still something the client presented: it is
 * kept whole as the token, which matches no configured one, so it fails instead of passing as local-direct.
 */
export function readHeaderCredentials(headers: IncomingHttpHeaders): PresentedCredentials {
  const authorization = headers.authorization?.trim();
  const bearer = authorization?.match(/^Bearer\s+(\S.*)$/i)?.[1]?.trim() ?? authorization;
  const password = headerValue(headers['x-password']);
  return { token: bearer || undefined, password: password || undefined };
}

/**
 * Authorises a request (the contract's authorize_gateway_request). Presented credentials are always
 * checked, even from loopback: a Bearer token matching `gateway.token` or one of `extraTokens` (the
 * desktop app's per-run token), then a password matching `gateway.password`; a wrong one fails
 * ("mismatch"). Only a request presenting none can be local-direct.
 */
export function authorizeGatewayRequest(
  peer: RequestPeer,
  config: Pick<GatewayConfig, 'token' | 'password' | 'trusted_proxies'>,
  credentials: PresentedCredentials = readHeaderCredentials(peer.headers),
  extraTokens: readonly string[] = [],
): GatewayAuth {
  const clientIp = getClientIp(peer, config.trusted_proxies);
  const { token, password } = credentials;
  const presented = token !== undefined || password !== undefined;
  if (!presented && isLocalDirectRequest(peer)) return { authenticated: true, source: 'local-direct', clientIp };
  const tokens = config.token ? [config.token, ...extraTokens] : extraTokens;
  // Every candidate is compared, so timing does not reveal which one matched.
  if (token !== undefined && tokens.map((expected) => safeEqual(token, expected)).includes(true)) {
    return { authenticated: true, source: 'token', clientIp };
  }
  if (config.password && password !== undefined && safeEqual(password, config.password)) {
    return { authenticated: true, source: 'password', clientIp };
  }
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

/** Whose budget a credential check spends, and under which policy (see createAuthRateLimiter). */
export interface RateLimitClient {
  key: string;
  /** A direct request from 127.0.0.1 or ::1: slowed, never locked out, since every local process shares the address. */
  loopback: boolean;
}

/** The /64 an IPv6 address belongs to (one host or home network usually owns a whole /64). */
export function resolveIpv6Prefix64(ip: string): string {
  const [head = '', tail] = (ip.split('%')[0] ?? '').split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  // An embedded IPv4 tail (::ffff:1.2.3.4 style) fills two groups, all of them past the first 64 bits.
  const tailSize = tailGroups.reduce((sum, group) => sum + (group.includes('.') ? 2 : 1), 0);
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array<string>(Math.max(0, 8 - headGroups.length - tailSize)).fill('0'), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

function addressKey(ip: string): string {
  return isIP(ip) === 6 && !isLocalRequest(ip) ? resolveIpv6Prefix64(ip) : ip;
}

/**
 * The rate-limit key of a request. Only a direct request (loopback peer, no forwarding header) gets
 * loopback leniency. A trusted proxy's verified client is keyed by its own address (IPv6 by /64);
 * when the proxy's headers cannot name one client, or a loopback peer that is not a trusted proxy
 * forwards (a tunnel such as cloudflared or ngrok), the key is `proxy:<peer>` under the remote
 * policy, so adding headers never buys a client the lenient policy or a fresh key.
 */
export function resolveRateLimitClient(peer: RequestPeer, trustedProxies: readonly string[] = []): RateLimitClient {
  const socketIp = normalizeIp(peer.remoteAddress ?? '');
  const forwarded = hasForwardedHeaders(peer.headers);
  if (!forwarded) return { key: addressKey(socketIp), loopback: isLocalRequest(socketIp) };
  if (isTrustedProxy(socketIp, trustedProxies)) {
    const clientIp = getClientIp(peer, trustedProxies);
    if (clientIp === socketIp) return { key: `proxy:${socketIp}`, loopback: false };
    // A forwarded "127.0.0.1" is whatever the client claimed; it must not share the direct loopback budget.
    return { key: isLocalRequest(clientIp) ? `forwarded:${clientIp}` : addressKey(clientIp), loopback: false };
  }
  return { key: isLocalRequest(socketIp) ? `proxy:${socketIp}` : addressKey(socketIp), loopback: false };
}
