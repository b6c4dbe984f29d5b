import { describe, expect, it } from 'vitest';
import {
  INITIAL_CHAT_STATE,
  createDashboardSessionKey,
  reduceChat,
  resolveActiveRunId,
  resolveUsageSeries,
  type ChatAction,
  type ChatState,
} from '../../../src-renderer/features/chat/chat-state.js';
import { formatUsd } from '../../../src-renderer/features/chat/usage-chart.js';

const KEY = 'agent:main:dashboard:x';
const run = (state: ChatState, ...actions: ChatAction[]): ChatState => actions.reduce(reduceChat, state);
const ready = run(INITIAL_CHAT_STATE, { type: 'history-ok', result: { session_key: KEY, session_id: 's', messages: [], has_more: false } });
const final = (runId: string, text: string, tokens: [number, number], cost: number): ChatAction => ({
  type: 'final',
  ts: 5,
  event: {
    session_key: KEY,
    run_id: runId,
    session_id: 's',
    text,
    provider: 'p',
    model: 'm',
    usage: { input_tokens: tokens[0], output_tokens: tokens[1], total_tokens: tokens[0] + tokens[1] },
    cost,
  },
});

describe('chat state', () => {
  it('a sent message gets an answer that streams, then completes', () => {
    const state = run(
      ready,
      { type: 'sending', localId: 'l1', text: 'Hi', ts: 1 },
      { type: 'sent', localId: 'l1', runId: 'r1' },
      { type: 'delta', ts: 2, event: { session_key: KEY, run_id: 'r1', text: 'He' } },
    );
    expect(state.messages.map((m) => [m.role, m.content, m.status])).toEqual([
      ['user', 'Hi', 'done'],
      ['assistant', 'He', 'streaming'],
    ]);
    expect(resolveActiveRunId(state)).toBe('r1');
    const done = run(state, final('r1', 'Hello', [3, 2], 0.001));
    expect(done.messages[1]).toMatchObject({ content: 'Hello', status: 'done', model: 'p/m', cost: 0.001 });
    expect(resolveActiveRunId(done)).toBeNull();
  });

  it('keeps the question before its answer when the first delta beats the chat.send response', () => {
    const state = run(
      ready,
      { type: 'sending', localId: 'l1', text: 'Hi', ts: 1 },
      { type: 'delta', ts: 2, event: { session_key: KEY, run_id: 'r1', text: 'early' } },
      { type: 'sent', localId: 'l1', runId: 'r1' },
    );
    expect(state.messages.map((m) => [m.role, m.content])).toEqual([
      ['user', 'Hi'],
      ['assistant', 'early'],
    ]);
  });

  it('an error keeps the partial answer and marks it failed', () => {
    const state = run(
      ready,
      { type: 'delta', ts: 2, event: { session_key: KEY, run_id: 'r1', text: 'part' } },
      { type: 'error', ts: 3, event: { session_key: KEY, run_id: 'r1', kind: 'timeout', message: 'No complete answer', partial_text: 'partial' } },
    );
    expect(state.messages[0]).toMatchObject({ content: 'partial', status: 'failed', error: { kind: 'timeout', message: 'No complete answer' } });
  });

  it('a resync keeps the answer still streaming and older pages go in front', () => {
    const streaming = run(ready, { type: 'delta', ts: 2, event: { session_key: KEY, run_id: 'r2', text: 'still going' } });
    const resynced = run(streaming, {
      type: 'history-ok',
      result: { session_key: KEY, session_id: 's', messages: [{ role: 'user', content: 'q2', ts: 1, run_id: 'r2' }], has_more: true },
    });
    expect(resynced.messages.map((m) => m.content)).toEqual(['q2', 'still going']);
    const older = run(resynced, {
      type: 'history-ok',
      older: true,
      result: { session_key: KEY, session_id: 's', messages: [{ role: 'user', content: 'q1', ts: 0, run_id: 'r1' }], has_more: false },
    });
    expect(older.messages.map((m) => m.content)).toEqual(['q1', 'q2', 'still going']);
    expect(older.hasMore).toBe(false);
  });

  it('a history read that started before a message was sent keeps the sent message and its finished answer', () => {
    const answered = run(ready, { type: 'sending', localId: 'l1', text: 'Hi', ts: 1 }, { type: 'sent', localId: 'l1', runId: 'r1' }, final('r1', 'Hello', [3, 2], 0));
    const stale = run(answered, { type: 'history-ok', result: { session_key: KEY, session_id: 's', messages: [], has_more: false } });
    expect(stale.messages.map((m) => [m.role, m.content, m.status])).toEqual([
      ['user', 'Hi', 'done'],
      ['assistant', 'Hello', 'done'],
    ]);
    // Once the transcript holds them, its lines replace the live copies (no duplicates).
    const fresh = run(answered, {
      type: 'history-ok',
      result: {
        session_key: KEY,
        session_id: 's',
        messages: [
          { role: 'user', content: 'Hi', ts: 1, run_id: 'r1' },
          { role: 'assistant', content: 'Hello', ts: 2, run_id: 'r1' },
        ],
        has_more: false,
      },
    });
    expect(fresh.messages.map((m) => m.content)).toEqual(['Hi', 'Hello']);
  });

  it('sums tokens and cost per answer for the usage chart', () => {
    const state = run(ready, final('r1', 'a', [100, 20], 0.5), final('r2', 'b', [200, 30], 0.25));
    expect(resolveUsageSeries(state.messages)).toEqual({
      points: [
        { ts: 5, input: 100, output: 20, cost: 0.5, cumulativeCost: 0.5, cumulativeTokens: 120 },
        { ts: 5, input: 200, output: 30, cost: 0.25, cumulativeCost: 0.75, cumulativeTokens: 350 },
      ],
      tokens: 350,
      cost: 0.75,
    });
  });

  it('formats costs down to fractions of a cent and names new dashboard sessions', () => {
    expect([formatUsd(0), formatUsd(0.000075), formatUsd(0.0081), formatUsd(0.25), formatUsd(12.5)]).toEqual(['$0', '$0.000075', '$0.0081', '$0.2500', '$12.50']);
    expect(createDashboardSessionKey(36 ** 3)).toBe('agent:main:dashboard:1000');
  });
});
