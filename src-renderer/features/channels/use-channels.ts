import { useCallback, useReducer } from 'react';
import { describeError } from '../../lib/describe-error.js';
import { useGatewayClient, useGatewayEvent } from '../../lib/gateway-context.js';
import { useResyncedLoad } from '../../lib/use-resynced-load.js';
import { INITIAL_CHANNELS_STATE, reduceChannels, type ChannelsState } from './channels-state.js';

export interface ChannelsApi extends ChannelsState {
  reload(): void;
  approve(code: string): void;
  deny(code: string): void;
}

/** Loads the Telegram status and pending pairings over WS, keeps them current from events, resyncs after reconnects. */
export function useChannels(): ChannelsApi {
  const client = useGatewayClient();
  const [state, dispatch] = useReducer(reduceChannels, INITIAL_CHANNELS_STATE);
  const reload = useResyncedLoad(
    async () => {
      const [status, pairing] = await Promise.all([client.request('telegram.status', {}), client.request('pairing.list', {})]);
      return { status, pairings: pairing.requests };
    },
    {
      start: () => dispatch({ type: 'load-start' }),
      ok: ({ status, pairings }) => dispatch({ type: 'load-ok', status, pairings }),
      error: (message) => dispatch({ type: 'load-error', message }),
    },
  );

  useGatewayEvent('telegram.status', (status) => dispatch({ type: 'status', status }));
  useGatewayEvent('pairing.requested', (params) => dispatch({ type: 'requested', request: params.request }));
  useGatewayEvent('pairing.resolved', (params) => dispatch({ type: 'resolved', code: params.request.code }));

  const decide = useCallback(
    (method: 'pairing.approve' | 'pairing.deny', code: string) => {
      dispatch({ type: 'decide-start', code });
      client.request(method, { code }).then(
        () => dispatch({ type: 'resolved', code }),
        (error: unknown) => dispatch({ type: 'decide-error', code, message: describeError(error) }),
      );
    },
    [client],
  );

  return {
    ...state,
    reload,
    approve: useCallback((code: string) => decide('pairing.approve', code), [decide]),
    deny: useCallback((code: string) => decide('pairing.deny', code), [decide]),
  };
}
