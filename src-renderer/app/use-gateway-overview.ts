import { useCallback, useEffect, useRef, useState } from 'react';
import type { GatewayHealth } from '../../src-shared/protocol/http.js';
import { describeError } from '../lib/describe-error.js';
import { useGatewayClient, useGatewayEvent, useOnLive } from '../lib/gateway-context.js';

export interface GatewayOverview {
  health: GatewayHealth | null;
  /** When `health` was fetched, so the uptime can tick locally. */
  fetchedAt: number;
  configPath: string | null;
  error: string | null;
}

/** Health and config path for the header; refreshed on (re)connect and config events, never polled. */
export function useGatewayOverview(): GatewayOverview {
  const client = useGatewayClient();
  const [health, setHealth] = useState<GatewayHealth | null>(null);
  const [fetchedAt, setFetchedAt] = useState(0);
  const [configPath, setConfigPath] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);

  const refresh = useCallback(() => {
    generation.current += 1;
    const mine = generation.current;
    Promise.all([client.http.health(), client.http.getConfig()]).then(
      ([nextHealth, config]) => {
        if (mine !== generation.current) return;
        setHealth(nextHealth);
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

  return { health, fetchedAt, configPath, error };
}
