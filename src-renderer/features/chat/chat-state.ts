import type {
  ChatDeltaEvent,
  ChatErrorEvent,
  ChatErrorKind,
  ChatFinalEvent,
  ChatHistoryResult,
  ChatUsage,
  TranscriptLine,
} from '../../../src-shared/protocol/chat.js';

/** One bubble of the conversation. */
export interface ChatMessageView {
  /** Stable React key: the run id and role, or a local id while a message is being sent. */
  id: string;
  role: 'user' | 'assistant';
  content: string;
  ts: number;
  runId: string | null;
  /** sending: not yet accepted; streaming: deltas arriving; done; failed: see error (content is the partial answer). */
  status: 'sending' | 'streaming' | 'done' | 'failed';
  error?: { kind: ChatErrorKind | 'send_failed'; message: string };
  usage?: ChatUsage;
  cost?: number;
  model?: string;
  /** Sent or streamed in this page rather than read from the transcript: a resync must not lose it. */
  live?: true;
}

export interface ChatState {
  phase: 'loading' | 'ready' | 'error';
  messages: ChatMessageView[];
  /** Older transcript lines exist before the first message shown. */
  hasMore: boolean;
  loadError: string | null;
}

export const INITIAL_CHAT_STATE: ChatState = { phase: 'loading', messages: [], hasMore: false, loadError: null };

export type ChatAction =
  | { type: 'history-start' }
  | { type: 'history-ok'; result: ChatHistoryResult; older?: boolean }
  | { type: 'history-error'; message: string }
  | { type: 'sending'; localId: string; text: string; ts: number }
  | { type: 'sent'; localId: string; runId: string }
  | { type: 'send-failed'; localId: string; message: string }
  | { type: 'delta'; event: ChatDeltaEvent; ts: number }
  | { type: 'final'; event: ChatFinalEvent; ts: number }
  | { type: 'error'; event: ChatErrorEvent; ts: number };

function fromLine(line: TranscriptLine): ChatMessageView {
  const failed = line.error !== undefined;
  return {
    id: `${line.run_id}:${line.role}:${line.ts}`,
    role: line.role,
    content: line.content,
    ts: line.ts,
    runId: line.run_id,
    status: failed ? 'failed' : 'done',
    ...(line.error ? { error: line.error } : {}),
    ...(line.usage ? { usage: line.usage } : {}),
    ...(line.cost !== undefined ? { cost: line.cost } : {}),
    ...(line.model ? { model: line.provider ? `${line.provider}/${line.model}` : line.model } : {}),
  };
}

/** Replaces the assistant message of `runId` (creating it, for runs another client started), keeping the order. */
function upsertAnswer(messages: ChatMessageView[], runId: string, ts: number, change: (current: ChatMessageView) => ChatMessageView): ChatMessageView[] {
  const index = messages.findIndex((m) => m.role === 'assistant' && m.runId === runId);
  if (index === -1) {
    const fresh: ChatMessageView = { id: `${runId}:assistant`, role: 'assistant', content: '', ts, runId, status: 'streaming', live: true };
    return [...messages, change(fresh)];
  }
  const next = [...messages];
  next[index] = change(messages[index]!);
  return next;
}

/** The conversation's state transitions: history pages, the message being sent, streamed answers and their end. */
export function reduceChat(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'history-start':
      return state.phase === 'ready' ? state : { ...state, phase: 'loading', loadError: null };
    case 'history-ok': {
      const loaded = action.result.messages.map(fromLine);
      if (action.older) return { ...state, messages: [...loaded, ...state.messages], hasMore: action.result.has_more };
      // Keep what this page sent or saw stream in and the transcript does not hold (yet): a history
      // read that started before the message was sent must not drop it, nor its answer.
      const known = new Set(loaded.map((m) => `${m.runId}:${m.role}`));
      const live = state.messages.filter((m) => m.live && !known.has(`${m.runId}:${m.role}`));
      return { phase: 'ready', messages: [...loaded, ...live], hasMore: action.result.has_more, loadError: null };
    }
    case 'history-error':
      return { ...state, phase: state.phase === 'ready' ? 'ready' : 'error', loadError: action.message };
    case 'sending':
      return {
        ...state,
        messages: [...state.messages, { id: action.localId, role: 'user', content: action.text, ts: action.ts, runId: null, status: 'sending', live: true }],
      };
    case 'sent': {
      const messages = state.messages.map((m) => (m.id === action.localId ? { ...m, runId: action.runId, status: 'done' as const } : m));
      // The answer may already be streaming (its first delta can beat the chat.send response).
      const user = messages.find((m) => m.id === action.localId);
      const answerAt = messages.findIndex((m) => m.role === 'assistant' && m.runId === action.runId);
      if (user && answerAt !== -1 && answerAt < messages.indexOf(user)) {
        const without = messages.filter((m) => m !== user);
        without.splice(answerAt, 0, user);
        return { ...state, messages: without };
      }
      if (answerAt === -1) {
        messages.push({ id: `${action.runId}:assistant`, role: 'assistant', content: '', ts: user?.ts ?? 0, runId: action.runId, status: 'streaming', live: true });
      }
      return { ...state, messages };
    }
    case 'send-failed':
      return {
        ...state,
        messages: state.messages.map((m) =>
          m.id === action.localId ? { ...m, status: 'failed' as const, error: { kind: 'send_failed' as const, message: action.message } } : m,
        ),
      };
    case 'delta':
      return {
        ...state,
        messages: upsertAnswer(state.messages, action.event.run_id, action.ts, (m) => ({ ...m, content: m.content + action.event.text, status: 'streaming' })),
      };
    case 'final':
      return {
        ...state,
        messages: upsertAnswer(state.messages, action.event.run_id, action.ts, (m) => ({
          ...m,
          content: action.event.text,
          status: 'done',
          usage: action.event.usage,
          cost: action.event.cost,
          model: `${action.event.provider}/${action.event.model}`,
        })),
      };
    case 'error':
      return {
        ...state,
        messages: upsertAnswer(state.messages, action.event.run_id, action.ts, (m) => ({
          ...m,
          content: action.event.partial_text,
          status: 'failed',
          error: { kind: action.event.kind, message: action.event.message },
        })),
      };
  }
}

/** The run of this conversation still streaming, if any (what the Stop button stops). */
export function resolveActiveRunId(state: ChatState): string | null {
  return state.messages.find((m) => m.role === 'assistant' && m.status === 'streaming')?.runId ?? null;
}

/** One answer on the usage chart. */
export interface UsagePoint {
  ts: number;
  input: number;
  output: number;
  cost: number;
  cumulativeCost: number;
  cumulativeTokens: number;
}

/** Tokens and cost of every answer with usage, oldest first, with running totals. */
export function resolveUsageSeries(messages: readonly ChatMessageView[]): { points: UsagePoint[]; tokens: number; cost: number } {
  let cumulativeCost = 0;
  let cumulativeTokens = 0;
  const points: UsagePoint[] = [];
  for (const message of messages) {
    if (message.role !== 'assistant' || !message.usage) continue;
    cumulativeCost += message.cost ?? 0;
    cumulativeTokens += message.usage.total_tokens;
    points.push({
      ts: message.ts,
      input: message.usage.input_tokens,
      output: message.usage.output_tokens,
      cost: message.cost ?? 0,
      cumulativeCost,
      cumulativeTokens,
    });
  }
  return { points, tokens: cumulativeTokens, cost: cumulativeCost };
}

/** A key for a conversation started in the dashboard: `agent:main:dashboard:<base36 time>`. */
export function createDashboardSessionKey(now: number): string {
  return `agent:main:dashboard:${now.toString(36)}`;
}
