import { useCallback, useEffect, useReducer, useRef } from 'react';
import { useGatewayClient, useGatewayEvent, useOnLive } from '../../lib/gateway-context.js';
import { describeError } from '../../lib/describe-error.js';
import { INITIAL_CONFIG_STATE, reduceConfig } from './config-state.js';
import type { ConfigState } from './config-state.js';

/** Loads the config snapshot and the config in effect; reloads on `config.reloaded`, `config.invalid` and reconnects. */
export function useConfig(): ConfigState & { reload(): void } {
  const client = useGatewayClient();
  const [state, dispatch] = useReducer(reduceConfig, INITIAL_CONFIG_STATE);
  const generation = useRef(0);

  const reload = useCallback(() => {
    generation.current += 1;
    const mine = generation.current;
    Promise.all([client.http.getConfigSnapshot(), client.http.getConfig()]).then(
      ([snapshot, effective]) => {
        if (mine === generation.current) dispatch({ type: 'load-ok', snapshot, effective });
      },
      (error: unknown) => {
        if (mine === generation.current) dispatch({ type: 'load-error', message: describeError(error) });
      },
    );
  }, [client]);

  useEffect(() => {
    reload();
    return () => {
      generation.current += 1;
    };
  }, [reload]);

  const everLive = useRef(client.state().status === 'live');
  useOnLive(() => {
    if (everLive.current || state.phase === 'error') reload();
    everLive.current = true;
  });

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
