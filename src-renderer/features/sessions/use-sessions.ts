import { useCallback, useReducer } from 'react';
import type { SessionEntry } from '../../../src-shared/sessions/entry.js';
import type { SessionPatchInput } from '../../../src-shared/protocol/http.js';
import { useGatewayClient, useGatewayEvent } from '../../lib/gateway-context.js';
import { useResyncedLoad } from '../../lib/use-resynced-load.js';
import { INITIAL_SESSIONS_STATE, reduceSessions } from './sessions-state.js';
import type { SessionsState } from './sessions-state.js';

export interface SessionsApi extends SessionsState {
  reload(): void;
  /** Applies a patch; resolves with the saved entry, rejects with the gateway's message. */
  patch(key: string, patch: SessionPatchInput): Promise<SessionEntry>;
  remove(key: string): Promise<void>;
}

/** Loads the sessions over HTTP, keeps them current from `session.*` events and resyncs after every reconnect. */
export function useSessions(): SessionsApi {
  const client = useGatewayClient();
  const [state, dispatch] = useReducer(reduceSessions, INITIAL_SESSIONS_STATE);
  const reload = useResyncedLoad(
    () => client.http.listSessions(),
    {
      start: () => dispatch({ type: 'load-start' }),
      ok: (response) => dispatch({ type: 'load-ok', sessions: response.sessions, ...(response.recovery ? { recovery: response.recovery } : {}) }),
      error: (message) => dispatch({ type: 'load-error', message }),
    },
  );

  useGatewayEvent('session.updated', (params) => dispatch({ type: 'updated', sessions: params.sessions }));
  useGatewayEvent('session.deleted', (params) => dispatch({ type: 'deleted', keys: params.keys }));

  const patch = useCallback(
    async (key: string, body: SessionPatchInput) => {
      const response = await client.http.patchSession(key, body);
      dispatch({ type: 'updated', sessions: { [response.key]: response.session } });
      return response.session;
    },
    [client],
  );

  const remove = useCallback(
    async (key: string) => {
      await client.http.deleteSession(key);
      dispatch({ type: 'deleted', keys: [key] });
    },
    [client],
  );

  return { ...state, reload, patch, remove };
}
