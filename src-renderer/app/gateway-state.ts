import type { ClientConnectionState } from '../../src-shared/client/ws-connection.js';
import type { RuntimeStatus } from '../../src-shared/protocol/runtime-status.js';

/** The header's gateway state in words, with the pill tone to draw it in. */
export interface GatewayBadge {
  tone: 'ok' | 'pending' | 'warning' | 'error' | 'muted';
  text: string;
  /** The longer reason, for the tooltip. */
  title?: string;
}

export interface GatewayStateInput {
  connection: ClientConnectionState;
  /** When the socket last went away (or the first connect failed); null while live or before the first try ended. */
  lostAt: number | null;
  /** What the desktop app reports about the gateway it runs (Electron only). */
  desktop: RuntimeStatus | undefined;
  /** Formats `lostAt` for the badge ("14:05"). */
  formatTime(ms: number): string;
}

/**
 * The gateway's state as the header shows it, from the live connection only: Running while the
 * socket is live; Sign-in needed when the gateway answered but refused us; Stopped / Starting… /
 * Failed when the desktop app says so (it knows better than a dropped socket); otherwise
 * "Unreachable since HH:MM" from the moment the socket dropped, and Checking… before the first answer.
 */
export function resolveGatewayBadge({ connection, lostAt, desktop, formatTime }: GatewayStateInput): GatewayBadge {
  if (connection.status === 'live') return { tone: 'ok', text: 'Running' };
  if (connection.status === 'unauthorized') {
    return { tone: 'warning', text: 'Sign-in needed', title: 'The gateway is running and asks for its token or password.' };
  }
  if (desktop?.state === 'stopped') return { tone: 'muted', text: 'Stopped', title: 'Stopped from the OpenClaw Desktop app; start it from the tray menu.' };
  if (desktop?.state === 'starting') return { tone: 'pending', text: 'Starting…' };
  if (desktop?.state === 'failed') return { tone: 'error', text: 'Failed', title: desktop.reason };
  if (lostAt === null) return { tone: 'pending', text: 'Checking…' };
  const reason = connection.status === 'reconnecting' ? connection.reason : undefined;
  return { tone: 'error', text: `Unreachable since ${formatTime(lostAt)}`, ...(reason ? { title: reason } : {}) };
}

/** Where the connection stands for `lostAt`: the time it was first seen lost, kept until it is live again. */
export function resolveLostAt(previous: number | null, connection: ClientConnectionState, now: number): number | null {
  switch (connection.status) {
    case 'live':
    case 'unauthorized':
      return null;
    case 'reconnecting':
    case 'closed':
      return previous ?? now;
    case 'idle':
    case 'connecting':
      return previous;
  }
}
