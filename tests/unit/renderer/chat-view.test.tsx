// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayClient } from '../../../src-shared/client/gateway-client.js';
import type { TranscriptLine } from '../../../src-shared/protocol/chat.js';
import { ChatView } from '../../../src-renderer/features/chat/chat-view.js';
import { connectLive, createTestClient, renderWithClient, withFakeLayout } from './support/harness.js';
import { startFakeGateway, type FakeGateway, type FakeMethodHandler } from './support/fake-gateway.js';

const KEY = 'agent:main:telegram:dm:42';
const NOW = Date.now();

const HISTORY: TranscriptLine[] = [
  { role: 'user', content: 'What is 2+2?', ts: NOW - 60_000, run_id: 'r-old' },
  {
    role: 'assistant',
    content: 'Four.',
    ts: NOW - 59_000,
    run_id: 'r-old',
    usage: { input_tokens: 1200, output_tokens: 300, total_tokens: 1500 },
    cost: 0.0081,
    provider: 'anthropic',
    model: 'claude-sonnet-4',
  },
];

// The lists render the rows a window holds; jsdom has no layout of its own.
withFakeLayout();

let gateway: FakeGateway;
let client: GatewayClient;

afterEach(async () => {
  await client?.close();
  await gateway?.close();
});

interface Calls {
  send: Record<string, unknown>[];
  abort: Record<string, unknown>[];
}

async function setup(options: { history?: TranscriptLine[]; methods?: Record<string, FakeMethodHandler>; initial?: string } = {}): Promise<Calls> {
  const calls: Calls = { send: [], abort: [] };
  let runs = 0;
  gateway = await startFakeGateway({
    sessions: { [KEY]: { session_id: 's-42', updated_at: NOW - 59_000, label: 'Alice', channel: 'telegram', model: 'claude-sonnet-4', model_provider: 'anthropic' } },
    methods: {
      'chat.history': (params) => ({
        result: { session_key: params.session_key, session_id: 's-42', messages: params.session_key === KEY ? (options.history ?? HISTORY) : [], has_more: false },
      }),
      'chat.send': (params) => {
        calls.send.push(params);
        runs += 1;
        return { result: { run_id: `run-${runs}` } };
      },
      'chat.abort': (params) => {
        calls.abort.push(params);
        return { result: { aborted: true, run_id: 'run-1' } };
      },
      ...options.methods,
    },
  });
  client = createTestClient(gateway);
  await connectLive(client);
  renderWithClient(<Harness initial={'initial' in options ? options.initial : KEY} />, client);
  return calls;
}

function Harness({ initial }: { initial?: string }) {
  const [selected, setSelected] = useState<string | undefined>(initial);
  return <ChatView selectedKey={selected} onSelect={setSelected} />;
}

function messages(): string[] {
  return within(screen.getByRole('log', { name: 'Messages' }))
    .queryAllByRole('listitem')
    .map((item) => item.textContent ?? '');
}

async function sendMessage(text: string): Promise<void> {
  await userEvent.type(screen.getByLabelText('Message'), text);
  await userEvent.click(screen.getByRole('button', { name: 'Send' }));
}

describe('chat view', () => {
  it('shows the picked conversation with its history and usage', async () => {
    await setup();
    expect(await screen.findByText('Four.')).toBeInTheDocument();
    // The title comes from sessions.list, which may answer after chat.history.
    expect(await screen.findByRole('heading', { name: 'Alice' })).toBeInTheDocument();
    expect(messages()).toEqual([expect.stringContaining('What is 2+2?'), expect.stringContaining('1,500 tokens · $0.0081 · anthropic/claude-sonnet-4')]);
    expect(screen.getByRole('img', { name: 'Usage of this session: 1 answer, 1,500 tokens, $0.0081' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Alice/ })).toHaveAttribute('aria-current', 'true');
  });

  it('sends a message and streams the answer in, then shows its usage', async () => {
    const calls = await setup({ history: [] });
    await screen.findByText('No messages yet. Say hello below.');
    await sendMessage('Hello there');
    await waitFor(() => expect(calls.send).toEqual([{ session_key: KEY, text: 'Hello there' }]));
    expect(await screen.findByRole('button', { name: 'Stop' })).toBeInTheDocument();

    gateway.emit('chat.delta', { session_key: KEY, run_id: 'run-1', text: 'Hi ' });
    gateway.emit('chat.delta', { session_key: KEY, run_id: 'run-1', text: 'Ada' });
    await waitFor(() => expect(messages()[1]).toContain('Hi Ada'));
    expect(messages()[1]).toContain('answering…');

    gateway.emit('chat.final', {
      session_key: KEY,
      run_id: 'run-1',
      session_id: 's-42',
      text: 'Hi Ada!',
      provider: 'anthropic',
      model: 'claude-sonnet-4',
      usage: { input_tokens: 10, output_tokens: 3, total_tokens: 13 },
      cost: 0.000075,
    });
    await waitFor(() => expect(messages()[1]).toContain('Hi Ada!13 tokens · $0.000075'));
    expect(screen.queryByRole('button', { name: 'Stop' })).not.toBeInTheDocument();
    expect(screen.getByLabelText('Message')).toHaveValue('');
  });

  it('ignores events of other sessions', async () => {
    await setup({ history: [] });
    await screen.findByText('No messages yet. Say hello below.');
    gateway.emit('chat.delta', { session_key: 'agent:main:other', run_id: 'x', text: 'not for this chat' });
    gateway.emit('chat.delta', { session_key: KEY, run_id: 'y', text: 'from Telegram' });
    await waitFor(() => expect(messages()).toEqual([expect.stringContaining('from Telegram')]));
  });

  it('Stop asks the gateway to abort the run and the partial answer stays, marked', async () => {
    const calls = await setup({ history: [] });
    await screen.findByText('No messages yet. Say hello below.');
    await sendMessage('Tell me a story');
    gateway.emit('chat.delta', { session_key: KEY, run_id: 'run-1', text: 'Once upon a time' });
    await userEvent.click(await screen.findByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(calls.abort).toEqual([{ session_key: KEY, run_id: 'run-1' }]));
    gateway.emit('chat.error', {
      session_key: KEY,
      run_id: 'run-1',
      kind: 'aborted',
      message: 'Stopped on request (chat.abort); the partial answer was kept and marked',
      partial_text: 'Once upon a time',
    });
    const note = await screen.findByText('Stopped: the answer above is partial.');
    expect(note).toHaveAttribute('role', 'status');
    expect(messages()[1]).toContain('Once upon a time');
    expect(screen.queryByRole('button', { name: 'Stop' })).not.toBeInTheDocument();
  });

  it('shows a provider error inline on the answer', async () => {
    await setup({ history: [] });
    await screen.findByText('No messages yet. Say hello below.');
    await sendMessage('Hi');
    gateway.emit('chat.error', {
      session_key: KEY,
      run_id: 'run-1',
      kind: 'auth',
      message: 'The API key was rejected by model provider "openai" (HTTP 401); check models.providers.openai.api_key',
      partial_text: '',
    });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The API key was rejected by model provider "openai" (HTTP 401); check models.providers.openai.api_key',
    );
  });

  it('a refused chat.send shows the gateway message on the message', async () => {
    await setup({
      history: [],
      methods: { 'chat.send': () => ({ error: { code: 'rate_limited', message: 'Session "x" already has 16 messages waiting' } }) },
    });
    await screen.findByText('No messages yet. Say hello below.');
    await sendMessage('Hi');
    expect(await screen.findByRole('alert')).toHaveTextContent('Session "x" already has 16 messages waiting');
  });

  it('a failed history load says so and retries', async () => {
    let fail = true;
    await setup({
      methods: {
        'chat.history': (params) =>
          fail
            ? { error: { code: 'internal_error', message: 'chat.history failed: disk on fire' } }
            : { result: { session_key: params.session_key, session_id: 's-42', messages: HISTORY, has_more: false } },
      },
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not load the conversation: chat.history failed: disk on fire');
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Four.')).toBeInTheDocument();
  });

  it('New chat starts a conversation under a new dashboard key, named by its first message, never by the key', async () => {
    const calls = await setup({ initial: undefined });
    expect(await screen.findByRole('heading', { name: 'Pick a conversation' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'New chat' }));
    expect(await screen.findByRole('heading', { level: 2, name: 'New conversation' })).toBeInTheDocument();
    await screen.findByText('No messages yet. Say hello below.');
    await sendMessage('  First   words ');
    await waitFor(() => expect(calls.send).toEqual([{ session_key: expect.stringMatching(/^agent:main:dashboard:[0-9a-z]+$/), text: '  First   words ' }]));
    expect(await screen.findByRole('heading', { level: 2, name: 'First words' })).toBeInTheDocument();
    expect(document.body).not.toHaveTextContent('agent:main:dashboard:');
  });

  it('picking another conversation loads its own history', async () => {
    await setup();
    await screen.findByText('Four.');
    await userEvent.click(screen.getByRole('button', { name: 'New chat' }));
    await screen.findByText('No messages yet. Say hello below.');
    expect(screen.queryByText('Four.')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /Alice/ }));
    expect(await screen.findByText('Four.')).toBeInTheDocument();
  });
});
