import { useCallback, useReducer, useRef } from 'react';
import type { PairingDecisionResult, PairingRevokeResult } from '../../../src-shared/telegram/protocol.js';
import type { ApprovedSender } from '../../../src-shared/telegram/pairing.js';
import { describeError } from '../../lib/describe-error.js';
import { useGatewayClient, useGatewayEvent } from '../../lib/gateway-context.js';
import { useResyncedLoad } from '../../lib/use-resynced-load.js';
import { INITIAL_CHANNELS_STATE, reduceChannels, type ChannelsState } from './channels-state.js';

export interface ChannelsApi extends ChannelsState {
  reload(): void;
  /** Resolves with the gateway's answer, or undefined when it refused (the reason shows next to the request). */
  approve(code: string): Promise<PairingDecisionResult | undefined>;
  deny(code: string): Promise<PairingDecisionResult | undefined>;
  /** Takes a sender off a bot's paired list; rejects with the gateway's reason. */
  revoke(user: Pick<ApprovedSender, 'account_id' | 'user_id'>): Promise<PairingRevokeResult>;
}

/** Loads the Telegram status, pending pairings and paired users over WS, keeps them current from events, resyncs after reconnects. */
export function useChannels(): ChannelsApi {
  const client = useGatewayClient();
  const [state, dispatch] = useReducer(reduceChannels, INITIAL_CHANNELS_STATE);
  // Approvals arrive as events while a read of the list may be in flight: only the newest read counts.
  const approvedReads = useRef(0);

  const readApproved = useCallback(async (): Promise<void> => {
    approvedReads.current += 1;
    const mine = approvedReads.current;
    try {
      const { users } = await client.request('pairing.approved', {});
      if (mine === approvedReads.current) dispatch({ type: 'approved', users });
    } catch (error) {
      if (mine === approvedReads.current) dispatch({ type: 'approved-error', message: describeError(error) });
    }
  }, [client]);

  const reload = useResyncedLoad(
    async () => {
      const [status, pairing] = await Promise.all([client.request('telegram.status', {}), client.request('pairing.list', {}), readApproved()]);
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
  useGatewayEvent('pairing.resolved', (params) => {
    dispatch({ type: 'resolved', code: params.request.code });
    // The paired list records when and under which name; read it rather than guess.
    if (params.decision === 'approved') void readApproved();
  });
  useGatewayEvent('pairing.revoked', (params) => dispatch({ type: 'revoked', user: params.user }));

  const decide = useCallback(
    async (method: 'pairing.approve' | 'pairing.deny', code: string) => {
      dispatch({ type: 'decide-start', code });
      try {
        const result = await client.request(method, { code });
        dispatch({ type: 'resolved', code });
        if (method === 'pairing.approve') void readApproved();
        return result;
      } catch (error) {
        dispatch({ type: 'decide-error', code, message: describeError(error) });
        return undefined;
      }
    },
    [client, readApproved],
  );

  const revoke = useCallback(
    async (user: Pick<ApprovedSender, 'account_id' | 'user_id'>) => {
      const result = await client.request('pairing.revoke', { account_id: user.account_id, user_id: user.user_id });
      dispatch({ type: 'revoked', user: result.user });
      return result;
    },
    [client],
  );

  return {
    ...state,
    reload,
    approve: useCallback((code: string) => decide('pairing.approve', code), [decide]),
    deny: useCallback((code: string) => decide('pairing.deny', code), [decide]),
    revoke,
  };
}
