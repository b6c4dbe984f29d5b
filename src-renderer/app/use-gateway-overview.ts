import { useCallback, useEffect, useRef, useState } from 'react';
import type { WsMethodResult } from '../../src-shared/protocol/methods.js';
import type { DesktopApi } from '../../src-shared/desktop-api.js';
import type { RuntimeStatus } from '../../src-shared/protocol/runtime-status.js';
import { describeError } from '../lib/describe-error.js';
import { formatClockTime } from '../lib/format.js';
import { useConnectionState, useGatewayClient, useGatewayEvent, useOnLive } from '../lib/gateway-context.js';
import { resolveGatewayBadge, resolveLostAt } from './gateway-state.js';
import type { GatewayBadge } from './gateway-state.js';

/** What the header needs of the desktop bridge: the gateway status the app knows and its changes. */
export type DesktopStatusSource = Pick<DesktopApi, 'getGatewayInfo' | 'onStatus'>;

/** How often the client count is asked again while live (nothing pushes it). */
export const GATEWAY_STATUS_REFRESH_MS = 30_000;

export interface GatewayOverview {
  badge: GatewayBadge;
  /** The gateway's own figures, as last answered over the live socket; null before that. */
  status: WsMethodResult<'gateway.status'> | null;
  /** When `status` arrived, so the uptime can tick locally. */
  fetchedAt: number;
  /** True while the socket is live: uptime and clients are only shown then. */
  live: boolean;
  configPath: string | null;
  /** Why the last status request failed while live (the badge still says Running: the socket is the truth). */
  error: string | null;
}

function useDesktopStatus(desktop: DesktopStatusSource | undefined): RuntimeStatus | undefined {
  const [status, setStatus] = useState<RuntimeStatus | undefined>(undefined);
  useEffect(() => {
    if (!desktop) return undefined;
    let current = true;
    const unsubscribe = desktop.onStatus((next) => setStatus(next));
    desktop.getGatewayInfo().then(
      (info) => {
        if (current) setStatus((known) => known ?? info.status);
      },
      // Without the bridge the header falls back to what the socket shows.
      (error: unknown) => console.warn('OpenClaw desktop bridge did not report the gateway status', error),
    );
    return () => {
      current = false;
      unsubscribe();
    };
  }, [desktop]);
  return status;
}

/**
 * The header's gateway state, uptime, clients and config path, all from the live WebSocket: asked on
 * every (re)connect, on config events and every {@link GATEWAY_STATUS_REFRESH_MS} while live; the
 * moment the socket drops the state turns to "Unreachable since HH:MM" (or what the desktop app says).
 */
export function useGatewayOverview(desktop?: DesktopStatusSource): GatewayOverview {
  const client = useGatewayClient();
  const connection = useConnectionState();
  const desktopStatus = useDesktopStatus(desktop);
  const [lostAt, setLostAt] = useState<number | null>(() => resolveLostAt(null, client.state(), Date.now()));
  const [status, setStatus] = useState<GatewayOverview['status']>(null);
  const [fetchedAt, setFetchedAt] = useState(0);
  const [configPath, setConfigPath] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);

  // Stamped in the state listener itself, so the time is when the socket dropped, not when React rendered.
  useEffect(() => client.onState((next) => setLostAt((previous) => resolveLostAt(previous, next, Date.now()))), [client]);

  const refresh = useCallback(() => {
    if (client.state().status !== 'live') return;
    generation.current += 1;
    const mine = generation.current;
    Promise.all([client.request('gateway.status', {}), client.request('config.get', {})]).then(
      ([nextStatus, config]) => {
        if (mine !== generation.current) return;
        setStatus(nextStatus);
        setFetchedAt(Date.now());
        setConfigPath(config.path);
        setError(null);
      },
      (failure: unknown) => {
        if (mine === generation.current) setError(describeError(failure));
      },
    );
  }, [client]);

  useEffect(() => {
    refresh();
    return () => {
      generation.current += 1;
    };
  }, [refresh]);
  // Every live moment (including the first) refreshes: the client count just changed by one: us.
  useOnLive(refresh);
  useGatewayEvent('config.reloaded', refresh);
  useGatewayEvent('config.invalid', refresh);

  const live = connection.status === 'live';
  useEffect(() => {
    if (!live) return undefined;
    const timer = window.setInterval(refresh, GATEWAY_STATUS_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [live, refresh]);

  // The desktop app just (re)started the gateway: connect now rather than at the end of the backoff.
  const desktopUp = desktopStatus?.state === 'running' || desktopStatus?.state === 'attached';
  useEffect(() => {
    if (desktopUp && client.state().status === 'reconnecting') client.reconnectNow();
  }, [desktopUp, client]);

  const badge = resolveGatewayBadge({ connection, lostAt, desktop: desktopStatus, formatTime: (ms) => formatClockTime(ms).slice(0, 5) });
  return { badge, status, fetchedAt, live, configPath, error };
}
