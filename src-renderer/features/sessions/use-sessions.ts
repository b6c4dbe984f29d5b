import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { SessionEntry } from '../../../src-shared/sessions/entry.js';
import { SESSION_LIST_MAX_LIMIT, type SessionPatchInput } from '../../../src-shared/protocol/http.js';
import { useGatewayClient, useGatewayEvent } from '../../lib/gateway-context.js';
import { useResyncedLoad } from '../../lib/use-resynced-load.js';
import { createInitialSessionsState, reduceSessions } from './sessions-state.js';
import type { SessionsState } from './sessions-state.js';

/** The first page: a screenful and then some, so the first rows paint without waiting for the rest. */
const FIRST_SESSIONS_PAGE = 100;

export interface SessionsApi extends SessionsState {
  reload(): void;
  /** Applies a patch; resolves with the saved entry, rejects with the gateway's message. */
  patch(key: string, patch: SessionPatchInput): Promise<SessionEntry>;
  remove(key: string): Promise<void>;
}

/**
 * Loads the sessions over HTTP in pages (a small first one, then the largest the gateway gives, each
 * indexed as it arrives), keeps them current from `session.*` events (deltas) and reloads after every
 * reconnect.
 */
export function useSessions(): SessionsApi {
  const client = useGatewayClient();
  const [state, dispatch] = useReducer(reduceSessions, undefined, createInitialSessionsState);
  // The pages of a superseded load (or after unmount) stop coming: only the latest load dispatches.
  const generation = useRef(0);
  useEffect(
    () => () => {
      generation.current += 1;
    },
    [],
  );
  const reload = useResyncedLoad(
    async () => {
      generation.current += 1;
      const mine = generation.current;
      let cursor: string | undefined;
      for (;;) {
        const page = await client.http.listSessions({ limit: cursor === undefined ? FIRST_SESSIONS_PAGE : SESSION_LIST_MAX_LIMIT, ...(cursor === undefined ? {} : { cursor }) });
        if (mine !== generation.current) return;
        const next = page.next_cursor ?? null;
        dispatch({ type: 'load-page', sessions: page.sessions, total: page.total ?? page.count, done: next === null, ...(page.recovery ? { recovery: page.recovery } : {}) });
        if (next === null) return;
        cursor = next;
      }
    },
    {
      start: () => dispatch({ type: 'load-start' }),
      ok: () => undefined,
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
