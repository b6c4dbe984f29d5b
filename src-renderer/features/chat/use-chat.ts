import { useCallback, useReducer, useRef } from 'react';
import { describeError } from '../../lib/describe-error.js';
import { useGatewayClient, useGatewayEvent } from '../../lib/gateway-context.js';
import { useResyncedLoad } from '../../lib/use-resynced-load.js';
import { INITIAL_CHAT_STATE, reduceChat, resolveActiveRunId } from './chat-state.js';
import type { ChatState } from './chat-state.js';

/** Transcript lines loaded per page. */
export const CHAT_HISTORY_PAGE = 100;

export interface ChatApi extends ChatState {
  /** The run still streaming (what Stop stops), or null. */
  activeRunId: string | null;
  /** Sends a message; failures show inline on the message, never as a rejection. */
  send(text: string): Promise<void>;
  /** Asks the gateway to stop the streaming run; resolves with an error message when it could not. */
  stop(): Promise<string | null>;
  loadOlder(): void;
  reload(): void;
}

/** One session's conversation over the WebSocket: history, sending, streamed answers, stop; resyncs after reconnects. */
export function useChat(sessionKey: string): ChatApi {
  const client = useGatewayClient();
  const [state, dispatch] = useReducer(reduceChat, INITIAL_CHAT_STATE);
  const localIds = useRef(0);

  const reload = useResyncedLoad(
    () => client.request('chat.history', { session_key: sessionKey, limit: CHAT_HISTORY_PAGE }),
    {
      start: () => dispatch({ type: 'history-start' }),
      ok: (result) => dispatch({ type: 'history-ok', result }),
      error: (message) => dispatch({ type: 'history-error', message }),
    },
  );

  useGatewayEvent('chat.delta', (event) => {
    if (event.session_key === sessionKey) dispatch({ type: 'delta', event, ts: Date.now() });
  });
  useGatewayEvent('chat.final', (event) => {
    if (event.session_key === sessionKey) dispatch({ type: 'final', event, ts: Date.now() });
  });
  useGatewayEvent('chat.error', (event) => {
    if (event.session_key === sessionKey) dispatch({ type: 'error', event, ts: Date.now() });
  });

  const send = useCallback(
    async (text: string) => {
      localIds.current += 1;
      const localId = `local-${localIds.current}`;
      dispatch({ type: 'sending', localId, text, ts: Date.now() });
      try {
        const { run_id: runId } = await client.request('chat.send', { session_key: sessionKey, text });
        dispatch({ type: 'sent', localId, runId });
      } catch (error) {
        dispatch({ type: 'send-failed', localId, message: describeError(error) });
      }
    },
    [client, sessionKey],
  );

  const activeRunId = resolveActiveRunId(state);
  const stop = useCallback(async () => {
    try {
      await client.request('chat.abort', { session_key: sessionKey, ...(activeRunId ? { run_id: activeRunId } : {}) });
      return null;
    } catch (error) {
      return describeError(error);
    }
  }, [client, sessionKey, activeRunId]);

  const firstTs = state.messages.find((m) => m.runId !== null)?.ts;
  const loadOlder = useCallback(() => {
    if (firstTs === undefined) return;
    client.request('chat.history', { session_key: sessionKey, limit: CHAT_HISTORY_PAGE, before: firstTs }).then(
      (result) => dispatch({ type: 'history-ok', result, older: true }),
      (error: unknown) => dispatch({ type: 'history-error', message: describeError(error) }),
    );
  }, [client, sessionKey, firstTs]);

  return { ...state, activeRunId, send, stop, loadOlder, reload };
}
