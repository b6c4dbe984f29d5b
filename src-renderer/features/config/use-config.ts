import { useReducer } from 'react';
import { useGatewayClient, useGatewayEvent } from '../../lib/gateway-context.js';
import { useResyncedLoad } from '../../lib/use-resynced-load.js';
import { INITIAL_CONFIG_STATE, reduceConfig } from './config-state.js';
import type { ConfigState } from './config-state.js';

/** Loads the config snapshot and the config in effect; reloads on `config.reloaded`, `config.invalid` and reconnects. */
export function useConfig(): ConfigState & { reload(): void } {
  const client = useGatewayClient();
  const [state, dispatch] = useReducer(reduceConfig, INITIAL_CONFIG_STATE);
  const reload = useResyncedLoad(
    () => Promise.all([client.http.getConfigSnapshot(), client.http.getConfig()]),
    {
      ok: ([snapshot, effective]) => dispatch({ type: 'load-ok', snapshot, effective }),
      error: (message) => dispatch({ type: 'load-error', message }),
    },
  );

  useGatewayEvent('config.reloaded', (params) => {
    dispatch({ type: 'reloaded', at: Date.now(), changed: params.changed, restarted: params.restarted });
    reload();
  });
  useGatewayEvent('config.invalid', (params) => {
    dispatch({ type: 'invalid', at: Date.now(), issues: params.issues });
    reload();
  });

  return { ...state, reload };
}
