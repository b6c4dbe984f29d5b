import net from 'node:net';
import { HealthCheckResponseSchema } from '../../../src-shared/protocol/http.js';
import { formatGatewayUrl } from '../gateway/server.js';

/** How long a probe of a port may take before it counts as "something else answers" (1.5 s). */
export const GATEWAY_PROBE_TIMEOUT_MS = 1_500;

/** What listens on a port: nothing, an OpenClaw gateway (with what its /health says), or something else. */
export type GatewayProbe =
  | { kind: 'free' }
  | { kind: 'openclaw'; url: string; port: number; version: string; pid: number }
  | { kind: 'other' };

/** The address to reach a listener on from this machine: a wildcard bind answers on loopback. */
export function resolveProbeHost(host: string): string {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === '' || bare === '0.0.0.0') return '127.0.0.1';
  if (bare === '::') return '::1';
  return bare;
}

/** Resolves true when something accepts a TCP connection on host:port within timeoutMs. */
export function isPortAnswering(host: string, port: number, timeoutMs = GATEWAY_PROBE_TIMEOUT_MS): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: resolveProbeHost(host), port });
    const done = (answering: boolean): void => {
      socket.destroy();
      resolve(answering);
    };
    socket.setTimeout(timeoutMs, () => done(true));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Probes host:port: `free` when nothing accepts a connection, `openclaw` when `GET /health` answers
 * with `service: "openclaw-gateway"` (see HealthCheckResponseSchema), `other` for any other answer,
 * a silence past timeoutMs or an error after connecting. Never rejects.
 */
export async function probeGateway(host: string, port: number, timeoutMs = GATEWAY_PROBE_TIMEOUT_MS): Promise<GatewayProbe> {
  if (!(await isPortAnswering(host, port, timeoutMs))) return { kind: 'free' };
  const url = formatGatewayUrl(resolveProbeHost(host), port);
  try {
    const response = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    const body: unknown = await response.json();
    const health = HealthCheckResponseSchema.safeParse(body);
    if (!response.ok || !health.success) return { kind: 'other' };
    return { kind: 'openclaw', url, port, version: health.data.version, pid: health.data.pid };
  } catch {
    // Not HTTP, not JSON, or too slow: whatever holds the port, it is not a gateway we can attach to.
    return { kind: 'other' };
  }
}
