import { useEffect, useReducer } from 'react';
import type { GatewayClient } from '../../../src-shared/client/gateway-client.js';
import type { LogLine, LogsTailResult } from '../../../src-shared/protocol/logs.js';
import { useGatewayClient, useGatewayEvent } from '../../lib/gateway-context.js';
import { useResyncedLoad } from '../../lib/use-resynced-load.js';
import { applyTailResult, appendGatewayLines, INITIAL_LOG_VIEW_STATE, type LogViewState } from './log-lines.js';

/** Lines asked for per logs.tail request (the method's maximum). */
export const LOG_TAIL_PAGE = 1_000;

export interface GatewayLogState extends LogViewState {
  phase: 'loading' | 'ready' | 'error';
  /** The file the gateway also writes its log to; null when it logs to the console only. */
  file: string | null;
  error: string | null;
}

type Action =
  | { type: 'load-start' }
  | { type: 'load-ok'; page: LogsTailResult; restarted: boolean }
  | { type: 'load-error'; message: string }
  | { type: 'appended'; lines: LogLine[] };

const INITIAL: GatewayLogState = { ...INITIAL_LOG_VIEW_STATE, phase: 'loading', file: null, error: null };

function reduce(state: GatewayLogState, action: Action): GatewayLogState {
  switch (action.type) {
    case 'load-start':
      return state.phase === 'ready' ? state : { ...state, phase: 'loading', error: null };
    case 'load-ok':
      return { ...state, ...applyTailResult(state, action.page, { restarted: action.restarted }), phase: 'ready', file: action.page.file, error: null };
    case 'load-error':
      return { ...state, phase: state.phase === 'ready' ? 'ready' : 'error', error: action.message };
    case 'appended':
      // Pushed lines before the first read answered would be out of order; the read covers them.
      return state.cursor === undefined ? state : { ...state, ...appendGatewayLines(state, action.lines) };
  }
}

/**
 * Reads the lines after `cursor` (the newest page of them) and asks the gateway to push later lines
 * to this connection. A cursor beyond the gateway's newest line means a new gateway process: it is
 * read from its newest lines instead.
 */
async function readTail(client: GatewayClient, cursor: number | undefined): Promise<{ page: LogsTailResult; restarted: boolean }> {
  const page = await client.request('logs.tail', { ...(cursor === undefined ? {} : { cursor }), limit: LOG_TAIL_PAGE, follow: true });
  if (cursor === undefined || page.cursor >= cursor) return { page, restarted: false };
  return { page: await client.request('logs.tail', { limit: LOG_TAIL_PAGE, follow: true }), restarted: true };
}

/** The gateway's log, live: logs.tail with follow, then logs.appended; after a reconnect it continues from the last line seen. */
export function useGatewayLog(): GatewayLogState & { reload(): void } {
  const client = useGatewayClient();
  const [state, dispatch] = useReducer(reduce, INITIAL);
  // A line pushed but not yet rendered may be read again; appendGatewayLines skips it.
  const reload = useResyncedLoad(() => readTail(client, state.cursor), {
    start: () => dispatch({ type: 'load-start' }),
    ok: ({ page, restarted }) => dispatch({ type: 'load-ok', page, restarted }),
    error: (message) => dispatch({ type: 'load-error', message }),
  });

  useGatewayEvent('logs.appended', (params) => dispatch({ type: 'appended', lines: params.lines }));
  // Leaving the page ends the push; otherwise the connection would carry every log line for as long as it lives.
  useEffect(
    () => () => {
      client.request('logs.tail', { limit: 1, follow: false }).catch(() => {
        // Disconnected already: the follow ended with the connection.
      });
    },
    [client],
  );

  return { ...state, reload };
}
