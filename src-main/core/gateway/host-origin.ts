import { isIP } from 'node:net';
import type { GatewayConfig } from '../../../src-shared/config/schema.js';
import { isLoopbackHost, normalizeIp, parseHostname, resolveTargetAuthority } from './auth.js';

/** Decides which Host headers and browser Origins reach the gateway (DNS rebinding, cross-site requests). */
export interface HostPolicy {
  isAllowedHost(hostHeader: string | undefined): boolean;
  isAllowedOrigin(origin: string): boolean;
  /** True when the origin is in `gateway.allowed_origins` (those, and only those, get CORS headers). */
  isCrossOriginAllowed(origin: string): boolean;
}

export interface HostPolicyOptions {
  config: Pick<GatewayConfig, 'host' | 'allowed_hosts' | 'allowed_origins'>;
  /** The port the gateway listens on; an Origin naming another port is another site. */
  port: number;
  /** This machine's interface addresses, accepted as Host when bound to a wildcard address. */
  interfaceAddresses?: readonly string[];
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);

/** True for a bind address that listens on every interface (0.0.0.0, ::). */
export function isWildcardHost(host: string): boolean {
  return WILDCARD_HOSTS.has(host.trim());
}

function hostnameForm(name: string): string {
  const lower = name.trim().toLowerCase();
  if (lower.startsWith('[')) return lower;
  return isIP(lower) === 6 ? `[${normalizeIp(lower)}]` : lower;
}

/** Normalises an origin (scheme://host[:port], lower case, no trailing slash); undefined when not an http(s) origin. */
export function normalizeOrigin(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.origin.toLowerCase();
  } catch {
    // Not a URL (e.g. "null" from a sandboxed frame): not an origin we can allow.
    return undefined;
  }
}

/**
 * Why a request's host is refused (403), or undefined when it is allowed: the Host header must name
 * an allowed host, and so must an absolute-form target (`GET http://evil.example/ HTTP/1.1`),
 * which HTTP/1.1 lets override Host.
 */
export function resolveHostRefusal(policy: HostPolicy, hostHeader: string | undefined, target: string | undefined): string | undefined {
  if (!policy.isAllowedHost(hostHeader)) {
    return `Host "${hostHeader ?? ''}" is not allowed; use http://127.0.0.1:<port>/ or add the name to gateway.allowed_hosts`;
  }
  const authority = resolveTargetAuthority(target);
  if (authority === null) return 'The request target must be a path (/...) or an http(s) URL';
  if (authority !== undefined && !policy.isAllowedHost(authority)) {
    return `Host "${authority}" in the request target is not allowed; request a path, or add the name to gateway.allowed_hosts`;
  }
  return undefined;
}

/**
 * Builds the policy: Host must be a loopback name, the bind address, an interface address when
 * bound to 0.0.0.0/::, or listed in `gateway.allowed_hosts`; an Origin must be http(s) on an
 * allowed host and the gateway's port (the gateway's own origin), or listed in `gateway.allowed_origins`.
 */
export function createHostPolicy(options: HostPolicyOptions): HostPolicy {
  const { config, port } = options;
  const hosts = new Set<string>(config.allowed_hosts.map(hostnameForm));
  const bindHost = hostnameForm(config.host);
  if (isWildcardHost(config.host)) {
    for (const address of options.interfaceAddresses ?? []) hosts.add(hostnameForm(address));
  } else {
    hosts.add(bindHost);
  }
  const extraOrigins = new Set(config.allowed_origins.map((o) => normalizeOrigin(o)).filter((o) => o !== undefined));

  const isAllowedHostname = (hostname: string): boolean => isLoopbackHost(hostname) || hosts.has(hostname);

  return {
    isAllowedHost(hostHeader) {
      const hostname = parseHostname(hostHeader);
      return hostname !== undefined && isAllowedHostname(hostname);
    },
    isAllowedOrigin(origin) {
      const normalized = normalizeOrigin(origin);
      if (normalized === undefined) return false;
      if (extraOrigins.has(normalized)) return true;
      const url = new URL(normalized);
      const originPort = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
      return originPort === port && isAllowedHostname(url.hostname);
    },
    isCrossOriginAllowed(origin) {
      const normalized = normalizeOrigin(origin);
      return normalized !== undefined && extraOrigins.has(normalized);
    },
  };
}
