import { useEffect, useReducer } from 'react';
import type { GatewayClient } from '../../../src-shared/client/gateway-client.js';
import type { LogLine, LogsTailResult } from '../../../src-shared/protocol/logs.js';
import { useGatewayClient, useGatewayEvent } from '../../lib/gateway-context.js';
import { useResyncedLoad } from '../../lib/use-resynced-load.js';
import { applyTailResult, appendGatewayLines, INITIAL_LOG_VIEW_STATE, type LogViewState } from './log-lines.js';

/** Lines asked for per logs.tail request (the method's maximum). */
export const LOG_TAIL_PAGE = 1_000;

/**
 * Requests one read goes on for while the gateway says has_more: twice what it keeps (2,000 lines),
 * so only a gateway logging faster than the page reads stops it early.
 */
const LOG_TAIL_MAX_PAGES = 4;

export interface GatewayLogState extends LogViewState {
  phase: 'loading' | 'ready' | 'error';
  /** The file the gateway also writes its log to; null when it logs to the console only. */
  file: string | null;
  error: string | null;
  /** The gateway process the lines come from (logs.tail boot_id); null before the first read. */
  bootId: string | null;
  /** A read is under way: lines pushed meanwhile are covered by it, and would land before older ones. */
  reading: boolean;
}

type Action =
  | { type: 'load-start' }
  | { type: 'load-ok'; page: LogsTailResult; restarted: boolean }
  | { type: 'load-error'; message: string }
  | { type: 'appended'; lines: LogLine[] };

const INITIAL: GatewayLogState = { ...INITIAL_LOG_VIEW_STATE, phase: 'loading', file: null, error: null, bootId: null, reading: false };

function reduce(state: GatewayLogState, action: Action): GatewayLogState {
  switch (action.type) {
    case 'load-start':
      return state.phase === 'ready' ? { ...state, reading: true } : { ...state, phase: 'loading', error: null, reading: true };
    case 'load-ok':
      return {
        ...state,
        ...applyTailResult(state, action.page, { restarted: action.restarted }),
        phase: 'ready',
        file: action.page.file,
        error: null,
        bootId: action.page.boot_id,
        reading: false,
      };
    case 'load-error':
      return { ...state, phase: state.phase === 'ready' ? 'ready' : 'error', error: action.message, reading: false };
    case 'appended':
      // Pushed lines before the first read answered (or while a read goes on) would be out of order; the read covers them.
      return state.cursor === undefined || state.reading ? state : { ...state, ...appendGatewayLines(state, action.lines) };
  }
}

/**
 * Reads the lines after `cursor` page by page while the gateway has more, and asks it to push later
 * lines to this connection. Another boot_id than the one read last means a new gateway process,
 * whose numbering began again: it is read from its newest lines instead.
 */
async function readTail(client: GatewayClient, from: { cursor: number | undefined; bootId: string | null }): Promise<{ page: LogsTailResult; restarted: boolean }> {
  const { cursor, bootId } = from;
  const first = await client.request('logs.tail', { ...(cursor === undefined ? {} : { cursor }), limit: LOG_TAIL_PAGE, follow: true });
  if (cursor !== undefined && bootId !== null && first.boot_id !== bootId) {
    return { page: await client.request('logs.tail', { limit: LOG_TAIL_PAGE, follow: true }), restarted: true };
  }
  let page = first;
  const lines = [...first.lines];
  for (let pages = 1; page.has_more && pages < LOG_TAIL_MAX_PAGES; pages++) {
    page = await client.request('logs.tail', { cursor: page.cursor, limit: LOG_TAIL_PAGE, follow: true });
    lines.push(...page.lines);
  }
  // Lines the gateway no longer kept are counted once, after the cursor the read began from.
  return { page: { ...page, lines, missed: first.missed }, restarted: false };
}

/** The gateway's log, live: logs.tail with follow, then logs.appended; after a reconnect it continues from the last line seen. */
export function useGatewayLog(): GatewayLogState & { reload(): void } {
  const client = useGatewayClient();
  const [state, dispatch] = useReducer(reduce, INITIAL);
  // A line pushed but not yet rendered may be read again; appendGatewayLines skips it.
  const reload = useResyncedLoad(() => readTail(client, { cursor: state.cursor, bootId: state.bootId }), {
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
