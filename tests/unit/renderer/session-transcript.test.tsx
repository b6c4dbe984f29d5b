// @vitest-environment jsdom
import { act, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GatewayClient } from '../../../src-shared/client/gateway-client.js';
import type { TranscriptLine } from '../../../src-shared/protocol/chat.js';
import { SessionsView } from '../../../src-renderer/features/sessions/sessions-view.js';
import { connectLive, createTestClient, renderWithClient } from './support/harness.js';
import { startFakeGateway, type FakeGateway, type FakeMethodHandler } from './support/fake-gateway.js';

// Reading a past conversation in the session detail: the transcript newest first, paged backwards,
// answers as Markdown, Open in Chat, and the Markdown / JSON exports.

const KEY = 'agent:main:telegram:dm:42';
const T0 = Date.UTC(2025, 0, 2, 9, 0, 0);
const SESSIONS = { [KEY]: { session_id: 'sess-42', updated_at: T0 + 60_000, channel: 'telegram', chat_type: 'direct' as const } };

function exchange(index: number, answer = `Answer ${index}`): TranscriptLine[] {
  const ts = T0 + index * 1_000;
  return [
    { role: 'user', content: `Question ${index}`, ts, run_id: `run-${index}` },
    { role: 'assistant', content: answer, ts: ts + 500, run_id: `run-${index}`, provider: 'fake', model: 'm1', usage: { input_tokens: 10, output_tokens: 5, total_tokens: 15 } },
  ];
}

/** A chat.history over `lines()` that pages like the gateway: the newest `limit` before `before`, oldest first. */
function historyOf(lines: () => TranscriptLine[], calls: Array<Record<string, unknown>> = []): FakeMethodHandler {
  return (params) => {
    calls.push(params);
    const before = typeof params.before === 'number' ? params.before : Infinity;
    const limit = typeof params.limit === 'number' ? params.limit : 50;
    const older = lines().filter((line) => line.ts < before);
    const page = older.slice(-limit);
    return { result: { session_key: KEY, session_id: 'sess-42', messages: page, has_more: older.length > page.length } };
  };
}

let gateway: FakeGateway;
let client: GatewayClient;
let opened: string[] = [];

afterEach(async () => {
  vi.restoreAllMocks();
  opened = [];
  await client?.close();
  await gateway?.close();
});

async function setup(history: FakeMethodHandler): Promise<void> {
  gateway = await startFakeGateway({ sessions: SESSIONS, methods: { 'chat.history': history } });
  client = createTestClient(gateway);
  await connectLive(client);
  renderWithClient(<SessionsView selectedKey={KEY} onSelect={() => undefined} onOpenInChat={(key) => opened.push(key)} />, client);
}

function items(): HTMLElement[] {
  return within(screen.getByRole('list', { name: 'Messages, newest first' })).getAllByRole('listitem');
}

describe('session transcript', () => {
  it('shows the conversation newest first, answers rendered as Markdown and questions as typed', async () => {
    await setup(historyOf(() => [...exchange(1, 'Here is **bold** and a table:\n\n| a | b |\n|---|---|\n| 1 | 2 |'), ...exchange(2)]));
    await waitFor(() => expect(items()).toHaveLength(4));
    expect(items().map((item) => item.querySelector('.transcript-text')?.textContent?.slice(0, 12))).toEqual(['Answer 2', 'Question 2', 'Here is bold', 'Question 1']);
    const answer = items()[2]!;
    expect(answer.querySelector('strong')).toHaveTextContent('bold');
    expect(within(answer).getByRole('table')).toBeInTheDocument();
    expect(answer).toHaveTextContent('fake/m1 · 15 tokens');
    expect(screen.getByText('Start of the conversation.')).toBeInTheDocument();
  });

  it('shows raw HTML in an answer as text, never as markup', async () => {
    await setup(historyOf(() => exchange(1, 'Look: <img src=x onerror="alert(1)"> <script>alert(2)</script>')));
    await waitFor(() => expect(items()).toHaveLength(2));
    const answer = items()[0]!;
    expect(answer.querySelector('img, script')).toBeNull();
    expect(answer).toHaveTextContent('<img src=x onerror="alert(1)">');
  });

  it('shows a user message as plain text, without Markdown', async () => {
    await setup(historyOf(() => [{ role: 'user', content: 'keep **these** stars', ts: T0, run_id: 'run-1' }]));
    await waitFor(() => expect(items()).toHaveLength(1));
    expect(items()[0]!.querySelector('strong')).toBeNull();
    expect(items()[0]).toHaveTextContent('keep **these** stars');
  });

  it('pages backwards with `before` and adds older messages below', async () => {
    const calls: Array<Record<string, unknown>> = [];
    const all = Array.from({ length: 15 }, (_, index) => exchange(index + 1)).flat();
    await setup(historyOf(() => all, calls));
    await waitFor(() => expect(items()).toHaveLength(20));
    expect(calls[0]).toMatchObject({ session_key: KEY, limit: 20 });
    expect(calls[0]?.before).toBeUndefined();
    await userEvent.click(screen.getByRole('button', { name: 'Load older messages' }));
    await waitFor(() => expect(items()).toHaveLength(30));
    expect(calls[1]).toMatchObject({ before: all[10]!.ts });
    expect(items().at(-1)).toHaveTextContent('Question 1');
    expect(screen.queryByRole('button', { name: 'Load older messages' })).toBeNull();
  });

  it('says so when the session has no transcript yet', async () => {
    await setup(historyOf(() => []));
    expect(await screen.findByText('No messages in this session’s transcript yet.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Export JSON' })).toBeDisabled();
  });

  it('says why the transcript could not be loaded, with Try again', async () => {
    let fail = true;
    const history = historyOf(() => exchange(1));
    await setup((params) => (fail ? { error: { code: 'internal_error', message: 'The transcript sess-42.jsonl could not be read' } } : history(params)));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load the transcript: The transcript sess-42.jsonl could not be read');
    fail = false;
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(items()).toHaveLength(2));
  });

  it('adds an answer that finishes while the transcript is open', async () => {
    let lines = exchange(1);
    await setup(historyOf(() => lines));
    await waitFor(() => expect(items()).toHaveLength(2));
    lines = [...lines, ...exchange(2, 'A fresh answer')];
    act(() =>
      gateway.emit('chat.final', {
        session_key: KEY,
        run_id: 'run-2',
        session_id: 'sess-42',
        text: 'A fresh answer',
        provider: 'fake',
        model: 'm1',
        usage: { input_tokens: 1, output_tokens: 1, total_tokens: 2 },
        cost: 0,
      }),
    );
    await waitFor(() => expect(items()).toHaveLength(4));
    expect(items()[0]).toHaveTextContent('A fresh answer');
  });

  it('opens the conversation in Chat', async () => {
    await setup(historyOf(() => exchange(1)));
    await userEvent.click(await screen.findByRole('button', { name: 'Open in Chat' }));
    expect(opened).toEqual([KEY]);
  });

  it('exports the whole transcript as Markdown and as JSON, reading every page', async () => {
    const calls: Array<Record<string, unknown>> = [];
    const all = Array.from({ length: 300 }, (_, index) => exchange(index + 1)).flat();
    await setup(historyOf(() => all, calls));
    await waitFor(() => expect(items()).toHaveLength(20));
    const downloads: Array<{ name: string; text: Promise<string> }> = [];
    let pending: Promise<string> | undefined;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      pending = (blob as Blob).text();
      return 'blob:transcript';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      if (pending) downloads.push({ name: this.download, text: pending });
    });

    await userEvent.click(screen.getByRole('button', { name: 'Export JSON' }));
    await waitFor(() => expect(downloads).toHaveLength(1));
    expect(downloads[0]!.name).toMatch(/^openclaw-transcript-agent-main-telegram-dm-42-.*\.json$/);
    const json = JSON.parse(await downloads[0]!.text) as { session_key: string; session_id: string; count: number; messages: TranscriptLine[] };
    expect(json).toMatchObject({ session_key: KEY, session_id: 'sess-42', count: 600 });
    expect(json.messages[0]).toEqual(all[0]);
    expect(json.messages.at(-1)).toEqual(all.at(-1));
    expect(calls.filter((call) => call.limit === 500)).toHaveLength(2);

    await userEvent.click(screen.getByRole('button', { name: 'Export Markdown' }));
    await waitFor(() => expect(downloads).toHaveLength(2));
    expect(downloads[1]!.name).toMatch(/\.md$/);
    const markdown = await downloads[1]!.text;
    expect(markdown.startsWith('# Question 1\n\nSession `agent:main:telegram:dm:42`, 600 messages, exported ')).toBe(true);
    expect(markdown).toContain('\n\n## User · ');
    expect(markdown).toContain(' · fake/m1 · 15 tokens\n\nAnswer 300\n');
  });
});
