// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayClient } from '../../../src-shared/client/gateway-client.js';
import type { TranscriptLine } from '../../../src-shared/protocol/chat.js';
import type { SessionEntryInput } from '../../../src-shared/sessions/entry.js';
import { ChatView } from '../../../src-renderer/features/chat/chat-view.js';
import { createMarkdownRenderer, type MarkdownRenderer } from '../../../src-renderer/lib/markdown.js';
import { MarkdownProvider } from '../../../src-renderer/lib/markdown-view.js';
import { connectLive, createTestClient, renderWithClient, withFakeLayout } from './support/harness.js';
import { startFakeGateway, type FakeGateway, type FakeMethodHandler } from './support/fake-gateway.js';

// How the chat reads: answers as Markdown, a streamed answer re-rendered alone, conversations named
// by people's words rather than keys, the channel every page shows, and the list as a drawer when narrow.

const KEY = 'agent:main:dashboard:k1';
const NOW = Date.now();

const MARKDOWN_ANSWER = [
  '## Plan',
  '',
  '- one',
  '- two',
  '',
  '| Step | Cost |',
  '|:-----|-----:|',
  '| fetch | $1 |',
  '',
  '```ts',
  'const answer = 42;',
  '```',
  '',
  'See [the docs](https://example.com/docs) or <img src=x onerror=alert(1)>.',
].join('\n');

// The lists render the rows a window holds; jsdom has no layout of its own.
withFakeLayout();

let gateway: FakeGateway;
let client: GatewayClient;

afterEach(async () => {
  await client?.close();
  await gateway?.close();
  Reflect.deleteProperty(window, 'matchMedia');
});

interface SetupOptions {
  sessions?: Record<string, SessionEntryInput>;
  histories?: Record<string, TranscriptLine[]>;
  methods?: Record<string, FakeMethodHandler>;
  initial?: string;
  renderer?: MarkdownRenderer;
}

async function setup(options: SetupOptions = {}): Promise<void> {
  const histories = options.histories ?? {};
  gateway = await startFakeGateway({
    sessions: options.sessions ?? { [KEY]: { session_id: 's-1', updated_at: NOW, label: 'Planning' } },
    methods: {
      'chat.history': (params) => {
        const key = String(params.session_key);
        return { result: { session_key: key, session_id: 's-1', messages: histories[key] ?? [], has_more: false } };
      },
      'chat.send': () => ({ result: { run_id: 'run-1' } }),
      ...options.methods,
    },
  });
  client = createTestClient(gateway);
  await connectLive(client);
  const view = <Harness initial={'initial' in options ? options.initial : KEY} />;
  renderWithClient(options.renderer ? <MarkdownProvider renderer={options.renderer}>{view}</MarkdownProvider> : view, client);
}

function Harness({ initial }: { initial?: string }) {
  const [selected, setSelected] = useState<string | undefined>(initial);
  return <ChatView selectedKey={selected} onSelect={setSelected} />;
}

function line(role: 'user' | 'assistant', content: string, index: number): TranscriptLine {
  return { role, content, ts: NOW - 100_000 + index, run_id: `r-${Math.floor(index / 2)}` };
}

/** A narrow or wide window, as far as matchMedia (which jsdom lacks) tells the page. */
function windowWidth(width: number): void {
  Object.defineProperty(window, 'matchMedia', {
    configurable: true,
    value: (query: string) => ({
      matches: /max-width: (\d+)px/.test(query) && width <= Number(/max-width: (\d+)px/.exec(query)?.[1]),
      media: query,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    }),
  });
}

describe('chat answers as Markdown', () => {
  it('renders headings, lists, tables and code, links open outside, raw HTML stays text', async () => {
    await setup({ histories: { [KEY]: [line('user', 'Plan it', 0), line('assistant', MARKDOWN_ANSWER, 1)] } });
    const answer = (await screen.findByRole('heading', { name: 'Plan' })).closest('li') as HTMLElement;
    expect(within(answer).getAllByRole('listitem').map((item) => item.textContent)).toEqual(['one', 'two']);
    const table = within(answer).getByRole('table');
    expect(within(table).getAllByRole('columnheader').map((cell) => cell.textContent)).toEqual(['Step', 'Cost']);
    expect(within(table).getByRole('cell', { name: '$1' })).toHaveClass('md-align-right');
    expect(answer.querySelector('[style]')).toBeNull();
    expect(answer.querySelector('pre code')).toHaveTextContent('const answer = 42;');
    const link = within(answer).getByRole('link', { name: 'the docs' });
    expect(link).toHaveAttribute('href', 'https://example.com/docs');
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    expect(answer.querySelector('img')).toBeNull();
    expect(answer).toHaveTextContent('<img src=x onerror=alert(1)>');
  });

  it('copies a code block with its Copy button and says so', async () => {
    const user = userEvent.setup();
    await setup({ histories: { [KEY]: [line('user', 'Code?', 0), line('assistant', MARKDOWN_ANSWER, 1)] } });
    const copy = await screen.findByRole('button', { name: 'Copy code' });
    await user.click(copy);
    await waitFor(() => expect(copy).toHaveTextContent('Copied'));
    expect(await navigator.clipboard.readText()).toBe('const answer = 42;\n');
  });

  it('re-renders only the streaming answer while tokens arrive, never the finished ones', async () => {
    const real = createMarkdownRenderer(window);
    const rendered: string[] = [];
    const counting: MarkdownRenderer = {
      render(text) {
        rendered.push(text);
        return real.render(text);
      },
    };
    const history = Array.from({ length: 40 }, (_, i) => line(i % 2 === 0 ? 'user' : 'assistant', i % 2 === 0 ? `Question ${i}` : `**Answer** ${i}`, i));
    await setup({ histories: { [KEY]: history }, renderer: counting });
    await screen.findByText('Question 38');
    await userEvent.type(screen.getByLabelText('Message'), 'Stream please{Enter}');
    rendered.length = 0;

    let sent = '';
    for (let i = 0; i < 30; i += 1) {
      sent += `tok${i} `;
      gateway.emit('chat.delta', { session_key: KEY, run_id: 'run-1', text: `tok${i} ` });
    }
    await waitFor(() => expect(screen.getByRole('log', { name: 'Messages' })).toHaveTextContent(sent.trim()));
    // Only the streaming answer was parsed, and far fewer times than tokens arrived.
    expect(rendered.every((text) => text.startsWith('tok0'))).toBe(true);
    expect(rendered.length).toBeLessThan(30);
  });
});

describe('conversation names and channels', () => {
  it('names an unlabelled conversation by its first user message, trimmed, in the list and the heading', async () => {
    const first = 'Could you   help me plan a long trip through the mountains of northern Italy next spring?';
    await setup({
      sessions: { [KEY]: { session_id: 's-1', updated_at: NOW } },
      histories: { [KEY]: [line('user', first, 0), line('assistant', 'Sure.', 1)] },
    });
    const title = 'Could you help me plan a long trip through the mountains of…';
    expect(await screen.findByRole('heading', { level: 2, name: title })).toBeInTheDocument();
    expect(await screen.findByRole('button', { name: new RegExp(`^${title}`) })).toHaveAttribute('aria-current', 'true');
    expect(document.body).not.toHaveTextContent(KEY);
  });

  it('reads the first message of conversations not open yet, page by page back to the start', async () => {
    const other = 'agent:main:dashboard:k2';
    const requests: Array<Record<string, unknown>> = [];
    await setup({
      sessions: { [KEY]: { session_id: 's-1', updated_at: NOW, label: 'Planning' }, [other]: { session_id: 's-2', updated_at: NOW - 1000 } },
      methods: {
        'chat.history': (params) => {
          requests.push(params);
          if (params.session_key !== other) return { result: { session_key: KEY, session_id: 's-1', messages: [], has_more: false } };
          // Two pages: the newest first, then the page holding the first message.
          return params.before === undefined
            ? { result: { session_key: other, session_id: 's-2', messages: [line('user', 'Later question', 10)], has_more: true } }
            : { result: { session_key: other, session_id: 's-2', messages: [line('user', 'How do I bake bread?', 0)], has_more: false } };
        },
      },
    });
    expect(await screen.findByRole('button', { name: /^How do I bake bread\?/ })).toBeInTheDocument();
    expect(requests.filter((params) => params.session_key === other)).toEqual([
      { session_key: other, limit: 200 },
      { session_key: other, limit: 200, before: NOW - 100_000 + 10 },
    ]);
  });

  it('shows the same channel the Sessions page shows, from the entry or the key', async () => {
    await setup({
      sessions: {
        [KEY]: { session_id: 's-1', updated_at: NOW, label: 'Here' },
        'agent:main:main': { session_id: 's-2', updated_at: NOW - 1, label: 'From Discord', origin: { provider: 'discord' } },
      },
    });
    const list = await screen.findByRole('list');
    await waitFor(() => expect(within(list).getByRole('button', { name: /From Discord/ })).toHaveTextContent('From Discorddiscord'));
    expect(within(list).getByRole('button', { name: /Here/ })).toHaveTextContent('Heredashboard');
    expect(screen.getByRole('heading', { level: 2, name: 'Here' }).nextElementSibling).toHaveTextContent('dashboard');
  });

  it('says why the conversation list could not load and offers Try again', async () => {
    gateway = await startFakeGateway({ sessions: { [KEY]: { session_id: 's-1', updated_at: NOW, label: 'Planning' } } });
    gateway.fail('GET /api/sessions', { status: 500, type: 'internal_error', message: 'The session store is locked; try again.' });
    client = createTestClient(gateway);
    await connectLive(client);
    renderWithClient(<Harness />, client);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load the conversations: The session store is locked; try again.');
    gateway.fail('GET /api/sessions', undefined);
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('button', { name: /Planning/ })).toBeInTheDocument();
  });
});

describe('narrow windows', () => {
  it('below 900 px the list is the page until a conversation is open, then a drawer', async () => {
    windowWidth(800);
    const other = 'agent:main:dashboard:k2';
    await setup({
      initial: undefined,
      sessions: { [KEY]: { session_id: 's-1', updated_at: NOW, label: 'Planning' }, [other]: { session_id: 's-2', updated_at: NOW - 1, label: 'Baking' } },
      histories: { [other]: [line('user', 'Bread?', 0), line('assistant', 'Flour, water, salt.', 1)] },
    });
    // Nothing picked: the list fills the page, and no empty state speaks of a list "on the left".
    await userEvent.click(await screen.findByRole('button', { name: /Planning/ }));
    expect(screen.queryByText(/on the left/)).not.toBeInTheDocument();
    expect(await screen.findByRole('heading', { level: 2, name: 'Planning' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Baking/ })).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Conversations' }));
    const drawer = await screen.findByRole('dialog', { name: 'Conversations' });
    await userEvent.click(within(drawer).getByRole('button', { name: /Baking/ }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(await screen.findByText('Flour, water, salt.')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Conversations' }));
    await screen.findByRole('dialog', { name: 'Conversations' });
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('from 900 px the list sits beside the conversation and the empty state points to it', async () => {
    windowWidth(1280);
    await setup({ initial: undefined });
    expect(await screen.findByText('Choose one on the left to read and continue it, or start a new chat with your assistant.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Conversations' })).not.toBeInTheDocument();
  });
});
