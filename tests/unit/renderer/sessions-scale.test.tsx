// @vitest-environment jsdom
import { act, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayClient } from '../../../src-shared/client/gateway-client.js';
import type { SessionEntryInput } from '../../../src-shared/sessions/entry.js';
import { ChatView } from '../../../src-renderer/features/chat/chat-view.js';
import { SessionsView } from '../../../src-renderer/features/sessions/sessions-view.js';
import { connectLive, createTestClient, renderWithClient, withFakeLayout } from './support/harness.js';
import { startFakeGateway, type FakeGateway, type FakeMethodHandler } from './support/fake-gateway.js';

// Thousands of sessions: the Sessions table and the Chat list render what a window holds, search and
// sort the whole set, follow live deltas without reloading, and read titles only of what is shown.

const COUNT = 3_000;
const NOW = Date.now();
/** A 600 px window of 30 px rows: 20 visible, and the few rendered past each edge. */
const MAX_RENDERED_ROWS = 40;

withFakeLayout({ viewportPx: 600, rowPx: 30 });

let gateway: FakeGateway;
let client: GatewayClient;

afterEach(async () => {
  await client?.close();
  await gateway?.close();
});

const keyOf = (i: number) => `agent:main:telegram:direct:${100_000 + i}`;

function makeSessions(count: number, labelled = true): Record<string, SessionEntryInput> {
  const sessions: Record<string, SessionEntryInput> = {};
  for (let i = 0; i < count; i += 1) {
    sessions[keyOf(i)] = {
      session_id: `s-${i}`,
      updated_at: NOW - i * 1000,
      ...(labelled ? { label: `Chat ${i}` } : {}),
      channel: i % 3 === 0 ? 'slack' : 'telegram',
      total_tokens: (i * 7919) % 10_000,
    };
  }
  return sessions;
}

async function start(sessions: Record<string, SessionEntryInput>, methods: Record<string, FakeMethodHandler> = {}): Promise<void> {
  gateway = await startFakeGateway({ sessions, methods });
  client = createTestClient(gateway);
  await connectLive(client);
}

function SessionsHarness() {
  const [selected, setSelected] = useState<string | undefined>(undefined);
  return <SessionsView selectedKey={selected} onSelect={setSelected} onOpenInChat={() => undefined} />;
}

function bodyRows(): HTMLElement[] {
  return within(screen.getByRole('table')).getAllByRole('row').slice(1);
}

function shownKeys(): string[] {
  return bodyRows().map((row) => within(row).getAllByRole('button')[0]?.textContent ?? '');
}

/** Every key by tokens, ties by key (the gateway's order). */
function byTokens(descending: boolean): string[] {
  const sessions = makeSessions(COUNT);
  const tokens = (key: string) => sessions[key]?.total_tokens ?? 0;
  return Object.keys(sessions).sort((a, b) => (tokens(a) - tokens(b)) * (descending ? -1 : 1) || (a < b ? -1 : 1));
}

async function renderSessions(): Promise<void> {
  renderWithClient(<SessionsHarness />, client);
  expect(await screen.findByText(`${COUNT.toLocaleString('en-US')} sessions`)).toBeInTheDocument();
}

describe('the sessions table at thousands of sessions', () => {
  it('loads in pages and renders only the rows a window holds', async () => {
    await start(makeSessions(COUNT));
    await renderSessions();
    expect(bodyRows().length).toBeGreaterThan(10);
    expect(bodyRows().length).toBeLessThanOrEqual(MAX_RENDERED_ROWS);
    expect(shownKeys().slice(0, 3)).toEqual([keyOf(0), keyOf(1), keyOf(2)]);
    expect(screen.getByRole('table')).toHaveAttribute('aria-rowcount', String(COUNT + 1));
    // A small first page, then the largest the gateway gives, never the whole list in one answer.
    const pages = gateway.requests.filter((request) => request === 'GET /api/sessions');
    expect(pages).toHaveLength(1 + Math.ceil((COUNT - 100) / 1000));
  });

  it('searches every session, not only the rendered ones, and counts the matches', async () => {
    await start(makeSessions(COUNT));
    await renderSessions();
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search' }), 'chat 2999');
    expect(shownKeys()).toEqual([keyOf(2999)]);
    expect(screen.getByText(`1 of ${COUNT.toLocaleString('en-US')} sessions`)).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Channel' }), 'slack');
    expect(screen.getByText('No session matches these filters.')).toBeInTheDocument();
  });

  it('sorts every session by the clicked column', async () => {
    await start(makeSessions(COUNT));
    await renderSessions();
    const tokens = screen.getByRole('columnheader', { name: /Tokens/ });
    await userEvent.click(within(tokens).getByRole('button'));
    expect(shownKeys().slice(0, 5)).toEqual(byTokens(true).slice(0, 5));
    await userEvent.click(within(tokens).getByRole('button'));
    expect(shownKeys().slice(0, 5)).toEqual(byTokens(false).slice(0, 5));
    expect(bodyRows().length).toBeLessThanOrEqual(MAX_RENDERED_ROWS);
  });

  it('follows live deltas: a changed session moves to the top, a new one is counted, a deleted one goes, without reloading', async () => {
    await start(makeSessions(COUNT));
    await renderSessions();
    const loads = gateway.requests.length;
    const far = keyOf(2500);
    act(() => {
      gateway.emit('session.updated', {
        sessions: {
          [far]: { session_id: 's-2500', updated_at: Date.now() + 1000, label: 'Renamed far away', aborted_last_run: false, system_sent: false, compaction_count: 0 },
          'agent:main:slack:direct:new': { session_id: 's-new', updated_at: Date.now(), label: 'Newcomer', aborted_last_run: false, system_sent: false, compaction_count: 0 },
        },
      });
    });
    await waitFor(() => expect(shownKeys().slice(0, 2)).toEqual([far, 'agent:main:slack:direct:new']));
    expect(screen.getByText('Renamed far away')).toBeInTheDocument();
    expect(screen.getByText(`${(COUNT + 1).toLocaleString('en-US')} sessions`)).toBeInTheDocument();
    act(() => gateway.emit('session.deleted', { keys: [far, keyOf(0)] }));
    await waitFor(() => expect(shownKeys()[0]).toBe('agent:main:slack:direct:new'));
    expect(shownKeys()).not.toContain(keyOf(0));
    expect(screen.getByText(`${(COUNT - 1).toLocaleString('en-US')} sessions`)).toBeInTheDocument();
    expect(gateway.requests).toHaveLength(loads);
  });
});

describe('the chat list at thousands of conversations', () => {
  it('renders the conversations in view and reads the first message of those only', async () => {
    const asked = new Set<string>();
    await start(makeSessions(COUNT, false), {
      'chat.history': (params) => {
        const key = String(params.session_key);
        asked.add(key);
        return { result: { session_key: key, session_id: 's', messages: [{ role: 'user', content: `Question of ${key.slice(-6)}`, ts: 1, run_id: 'r' }], has_more: false } };
      },
    });
    renderWithClient(<ChatView selectedKey={undefined} onSelect={() => undefined} />, client);
    expect(await screen.findByRole('button', { name: /^Question of 100000/ })).toBeInTheDocument();
    const list = screen.getByRole('list');
    await waitFor(() => expect(within(list).getByRole('button', { name: /^Question of 100005/ })).toBeInTheDocument());
    expect(within(list).getAllByRole('listitem').length).toBeLessThanOrEqual(MAX_RENDERED_ROWS);
    // Every title in view was read; a later marker (the last visible one) proves the reading is done.
    const rendered = within(list).getAllByRole('listitem').length;
    await waitFor(() => expect(asked.size).toBe(rendered));
    expect(asked.size).toBeLessThanOrEqual(MAX_RENDERED_ROWS);
  });
});
