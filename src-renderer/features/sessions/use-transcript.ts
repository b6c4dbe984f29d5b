import { useCallback, useReducer, useState } from 'react';
import { CHAT_HISTORY_MAX_LIMIT, type ChatHistoryResult, type TranscriptLine } from '../../../src-shared/protocol/chat.js';
import { describeError } from '../../lib/describe-error.js';
import { useGatewayClient, useGatewayEvent } from '../../lib/gateway-context.js';
import { useResyncedLoad } from '../../lib/use-resynced-load.js';
import { applyTranscriptPage, INITIAL_TRANSCRIPT_STATE, type TranscriptState } from './transcript.js';

/** Messages per page in the detail pane. */
export const TRANSCRIPT_PAGE = 20;

type Action = { type: 'start' } | { type: 'page'; page: ChatHistoryResult; older: boolean } | { type: 'error'; message: string };

function reduce(state: TranscriptState, action: Action): TranscriptState {
  switch (action.type) {
    case 'start':
      return state.phase === 'ready' ? state : { ...state, phase: 'loading', error: null };
    case 'page':
      return applyTranscriptPage(state, action.page, action.older);
    case 'error':
      return { ...state, phase: state.phase === 'ready' ? 'ready' : 'error', error: action.message };
  }
}

export interface TranscriptApi extends TranscriptState {
  loadingOlder: boolean;
  reload(): void;
  loadOlder(): void;
  /** Reads the whole transcript (every page), for export. */
  readAll(): Promise<{ sessionId: string | null; lines: TranscriptLine[] }>;
}

/** One session's transcript, newest page first then older pages on demand; a finished answer in that session is merged in live. */
export function useTranscript(sessionKey: string): TranscriptApi {
  const client = useGatewayClient();
  const [state, dispatch] = useReducer(reduce, INITIAL_TRANSCRIPT_STATE);
  const [loadingOlder, setLoadingOlder] = useState(false);

  const reload = useResyncedLoad(() => client.request('chat.history', { session_key: sessionKey, limit: TRANSCRIPT_PAGE }), {
    start: () => dispatch({ type: 'start' }),
    ok: (page) => dispatch({ type: 'page', page, older: false }),
    error: (message) => dispatch({ type: 'error', message }),
  });

  // A run in this session ended (here, in Chat, or from Telegram): its lines are in the transcript now.
  useGatewayEvent('chat.final', (event) => {
    if (event.session_key === sessionKey) reload();
  });
  useGatewayEvent('chat.error', (event) => {
    if (event.session_key === sessionKey) reload();
  });

  const before = state.lines[0]?.ts;
  const loadOlder = useCallback(() => {
    if (before === undefined) return;
    setLoadingOlder(true);
    client
      .request('chat.history', { session_key: sessionKey, limit: TRANSCRIPT_PAGE, before })
      .then(
        (page) => dispatch({ type: 'page', page, older: true }),
        (error: unknown) => dispatch({ type: 'error', message: describeError(error) }),
      )
      .finally(() => setLoadingOlder(false));
  }, [client, sessionKey, before]);

  const readAll = useCallback(async () => {
    const pages: TranscriptLine[][] = [];
    let sessionId: string | null = null;
    let cursor: number | undefined;
    for (;;) {
      const page = await client.request('chat.history', { session_key: sessionKey, limit: CHAT_HISTORY_MAX_LIMIT, ...(cursor === undefined ? {} : { before: cursor }) });
      sessionId ??= page.session_id;
      pages.unshift(page.messages);
      cursor = page.messages[0]?.ts;
      if (!page.has_more || cursor === undefined) break;
    }
    return { sessionId, lines: pages.flat() };
  }, [client, sessionKey]);

  return { ...state, loadingOlder, reload, loadOlder, readAll };
}
