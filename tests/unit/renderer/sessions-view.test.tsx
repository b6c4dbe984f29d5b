// @vitest-environment jsdom
import { act, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayClient } from '../../../src-shared/client/gateway-client.js';
import { SessionsView } from '../../../src-renderer/features/sessions/sessions-view.js';
import { connectLive, createTestClient, renderWithClient, withFakeLayout } from './support/harness.js';
import { startFakeGateway, type FakeGateway } from './support/fake-gateway.js';

const NOW = Date.now();

const SEED = {
  'agent:main:telegram:dm:42': {
    session_id: 'sess-dm-42',
    updated_at: NOW - 5 * 60_000,
    label: 'Alice',
    channel: 'telegram',
    chat_type: 'direct' as const,
    model: 'claude-sonnet-4',
    model_provider: 'anthropic',
    input_tokens: 1200,
    output_tokens: 34,
    origin: { provider: 'telegram', from: 'telegram:42', chat_type: 'direct' as const, label: 'Alice A.' },
  },
  'agent:main:telegram:group:-100/topic:7': {
    session_id: 'sess-group-7',
    updated_at: NOW - 3 * 3_600_000,
    channel: 'telegram',
    chat_type: 'group' as const,
    model: 'gpt-4.1',
    total_tokens: 98_765,
  },
  'agent:main:main': {
    session_id: 'sess-main',
    updated_at: NOW - 2 * 86_400_000,
    channel: 'webchat',
    chat_type: 'direct' as const,
  },
};

// The lists render the rows a window holds; jsdom has no layout of its own.
withFakeLayout();

let gateway: FakeGateway;
let client: GatewayClient;
/** Sessions the view asked to open in Chat. */
let opened: string[] = [];

afterEach(async () => {
  opened = [];
  await client?.close();
  await gateway?.close();
});

function Harness({ initial }: { initial?: string }) {
  const [selected, setSelected] = useState<string | undefined>(initial);
  return <SessionsView selectedKey={selected} onSelect={setSelected} onOpenInChat={(key) => opened.push(key)} />;
}

async function setup(sessions: Record<string, unknown> = SEED, initial?: string): Promise<void> {
  gateway = await startFakeGateway({ sessions: sessions as never });
  client = createTestClient(gateway);
  await connectLive(client);
  renderWithClient(<Harness initial={initial} />, client);
}

function bodyRows(): HTMLElement[] {
  const table = screen.getByRole('table');
  return within(table).getAllByRole('row').slice(1);
}

function keysInOrder(): string[] {
  return bodyRows().map((row) => within(row).getAllByRole('button')[0]?.textContent ?? '');
}

describe('sessions view', () => {
  it('shows a loading state until the list arrives', async () => {
    gateway = await startFakeGateway({ sessions: SEED });
    client = createTestClient(gateway);
    const held = gateway.hold('GET /api/sessions');
    renderWithClient(<Harness />, client);
    expect(await screen.findByText('Loading sessions…')).toBeInTheDocument();
    held.release();
    expect(await screen.findByText('agent:main:main')).toBeInTheDocument();
    expect(screen.queryByText('Loading sessions…')).not.toBeInTheDocument();
  });

  it('explains how sessions appear when there are none', async () => {
    await setup({});
    expect(await screen.findByRole('heading', { name: 'No sessions yet' })).toBeInTheDocument();
    expect(screen.getByText(/as soon as someone talks to your assistant/)).toBeInTheDocument();
  });

  it('names the moved file instead of “No sessions yet” after an unreadable store was moved aside', async () => {
    const movedTo = '/home/ada/.openclaw/agents/main/sessions/sessions.json.corrupt-1735787045000';
    gateway = await startFakeGateway({ sessions: {}, recovery: { moved_to: movedTo, reason: 'invalid JSON at line 3, column 7', at: NOW } });
    client = createTestClient(gateway);
    renderWithClient(<Harness />, client);
    const notice = await screen.findByRole('region', { name: 'The session store could not be read' });
    expect(notice).toHaveTextContent(movedTo);
    expect(notice).toHaveTextContent('invalid JSON at line 3, column 7');
    expect(notice).toHaveTextContent('fix the JSON in that file and move it back');
    expect(screen.queryByRole('heading', { name: 'No sessions yet' })).toBeNull();
  });

  it('keeps the recovery notice above sessions written since', async () => {
    gateway = await startFakeGateway({ sessions: SEED, recovery: { moved_to: '/s/sessions.json.corrupt-1', reason: 'invalid JSON at line 1, column 1', at: NOW } });
    client = createTestClient(gateway);
    renderWithClient(<Harness />, client);
    expect(await screen.findByRole('region', { name: 'The session store could not be read' })).toHaveTextContent('/s/sessions.json.corrupt-1');
    expect(screen.getByRole('table')).toBeInTheDocument();
  });

  it('shows the gateway error with a retry that recovers', async () => {
    gateway = await startFakeGateway({ sessions: SEED });
    gateway.fail('GET /api/sessions', { status: 500, type: 'internal_error', message: 'The session store is corrupt; moved aside to sessions.json.corrupt-1' });
    client = createTestClient(gateway);
    renderWithClient(<Harness />, client);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load sessions: The session store is corrupt; moved aside to sessions.json.corrupt-1');
    gateway.fail('GET /api/sessions', undefined);
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('agent:main:main')).toBeInTheDocument();
  });

  it('lists every session with label, channel, chat type, model, tokens and relative time', async () => {
    await setup();
    await screen.findByText('agent:main:main');
    const row = bodyRows().find((candidate) => candidate.textContent?.includes('agent:main:telegram:dm:42'));
    expect(row).toBeDefined();
    const cells = within(row as HTMLElement).getAllByRole('cell').map((cell) => cell.textContent);
    expect(cells.slice(0, 6)).toEqual(['agent:main:telegram:dm:42', 'Alice', 'telegram', 'direct', 'claude-sonnet-4', '1,234']);
    expect(cells[6]).toMatch(/^5 min ago/);
    expect(screen.getByText('3 sessions')).toBeInTheDocument();
  });

  it('sorts by the clicked column and flips direction on a second click', async () => {
    await setup();
    await screen.findByText('agent:main:main');
    expect(keysInOrder()).toEqual(['agent:main:telegram:dm:42', 'agent:main:telegram:group:-100/topic:7', 'agent:main:main']);
    const tokensHeader = screen.getByRole('columnheader', { name: /Tokens/ });
    await userEvent.click(within(tokensHeader).getByRole('button'));
    expect(tokensHeader).toHaveAttribute('aria-sort', 'descending');
    expect(keysInOrder()).toEqual(['agent:main:telegram:group:-100/topic:7', 'agent:main:telegram:dm:42', 'agent:main:main']);
    await userEvent.click(within(tokensHeader).getByRole('button'));
    expect(tokensHeader).toHaveAttribute('aria-sort', 'ascending');
    expect(keysInOrder()).toEqual(['agent:main:telegram:dm:42', 'agent:main:telegram:group:-100/topic:7', 'agent:main:main']);
  });

  it('filters by channel and chat type and searches across fields', async () => {
    await setup();
    await screen.findByText('agent:main:main');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Channel' }), 'telegram');
    expect(keysInOrder()).toEqual(['agent:main:telegram:dm:42', 'agent:main:telegram:group:-100/topic:7']);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Chat type' }), 'group');
    expect(keysInOrder()).toEqual(['agent:main:telegram:group:-100/topic:7']);
    expect(screen.getByText('1 of 3 sessions')).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Channel' }), '');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Chat type' }), '');
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search' }), 'sess-main');
    expect(keysInOrder()).toEqual(['agent:main:main']);
    await userEvent.clear(screen.getByRole('searchbox', { name: 'Search' }));
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search' }), 'no such thing');
    expect(screen.getByText('No session matches these filters.')).toBeInTheDocument();
  });

  it('adds and updates rows live from session.updated without reloading', async () => {
    await setup();
    await screen.findByText('agent:main:main');
    const loads = gateway.requests.filter((request) => request === 'GET /api/sessions').length;
    act(() => {
      gateway.emit('session.updated', {
        sessions: {
          'agent:main:discord:dm:9': { session_id: 'sess-new', updated_at: Date.now(), label: 'Newcomer', channel: 'discord', aborted_last_run: false, system_sent: false, compaction_count: 0 },
          'agent:main:main': { ...gateway.sessions['agent:main:main']!, label: 'Renamed elsewhere', updated_at: Date.now() },
        },
      });
    });
    expect(await screen.findByText('Newcomer')).toBeInTheDocument();
    expect(screen.getByText('Renamed elsewhere')).toBeInTheDocument();
    expect(screen.getByText('4 sessions')).toBeInTheDocument();
    expect(gateway.requests.filter((request) => request === 'GET /api/sessions')).toHaveLength(loads);
  });

  it('removes rows live from session.deleted', async () => {
    await setup();
    await screen.findByText('agent:main:main');
    act(() => gateway.emit('session.deleted', { keys: ['agent:main:main'] }));
    await waitFor(() => expect(screen.queryByText('agent:main:main')).not.toBeInTheDocument());
    expect(screen.getByText('2 sessions')).toBeInTheDocument();
  });

  it('shows every field of the selected session, origin included', async () => {
    await setup();
    await userEvent.click(await screen.findByRole('button', { name: 'agent:main:telegram:dm:42' }));
    const detail = screen.getByRole('region', { name: /Session agent:main:telegram:dm:42/ });
    const fields = [...detail.querySelectorAll(':scope > dl > div > dt')].map((dt) => dt.textContent);
    expect(fields).toEqual([
      'session_id',
      'updated_at',
      'label',
      'chat_type',
      'channel',
      'origin',
      'aborted_last_run',
      'system_sent',
      'model_provider',
      'model',
      'input_tokens',
      'output_tokens',
      'compaction_count',
    ]);
    const origin = within(detail).getByText('origin', { selector: 'dt' }).nextElementSibling as HTMLElement;
    expect(within(origin).getByText('from', { selector: 'dt' }).nextElementSibling).toHaveTextContent('telegram:42');
    expect(within(origin).getByText('label', { selector: 'dt' }).nextElementSibling).toHaveTextContent('Alice A.');
  });

  it('refuses an invalid label inline without sending it', async () => {
    await setup(SEED, 'agent:main:main');
    const input = await screen.findByRole('textbox', { name: 'Label' });
    await userEvent.type(input, 'x'.repeat(65));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Label not saved: label must be at most 64 characters (got 65).');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(gateway.requests.some((request) => request.startsWith('PATCH'))).toBe(false);
    expect(gateway.sessions['agent:main:main']?.label).toBeUndefined();
  });

  it('shows the gateway refusal of a label inline and keeps the old label', async () => {
    await setup(SEED, 'agent:main:telegram:dm:42');
    gateway.fail('PATCH /api/sessions/agent%3Amain%3Atelegram%3Adm%3A42', { status: 400, type: 'invalid_request_error', message: 'label: already used by session agent:main:main' });
    const input = await screen.findByRole('textbox', { name: 'Label' });
    await userEvent.clear(input);
    await userEvent.type(input, 'Bob');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('label: already used by session agent:main:main');
    expect(gateway.sessions['agent:main:telegram:dm:42']?.label).toBe('Alice');
  });

  it('saves a label to the gateway and shows it in the table', async () => {
    await setup(SEED, 'agent:main:telegram:group:-100/topic:7');
    const input = await screen.findByRole('textbox', { name: 'Label' });
    await userEvent.type(input, '  Team room  {Enter}');
    expect(await screen.findByRole('status')).toHaveTextContent('Label saved.');
    expect(gateway.sessions['agent:main:telegram:group:-100/topic:7']?.label).toBe('Team room');
    expect(within(screen.getByRole('table')).getByText('Team room')).toBeInTheDocument();
  });

  it('deletes only after confirmation: Escape cancels, Enter confirms', async () => {
    await setup(SEED, 'agent:main:main');
    await userEvent.click(await screen.findByRole('button', { name: 'Delete session…' }));
    expect(screen.getByRole('dialog', { name: 'Delete session?' })).toBeInTheDocument();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(gateway.sessions['agent:main:main']).toBeDefined();

    await userEvent.click(screen.getByRole('button', { name: 'Delete session…' }));
    expect(screen.getByRole('button', { name: 'Delete session' })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(gateway.sessions['agent:main:main']).toBeUndefined();
    expect(screen.queryByText('agent:main:main')).not.toBeInTheDocument();
  });

  it('says so when the selected session is deleted elsewhere', async () => {
    await setup(SEED, 'agent:main:main');
    await screen.findByRole('textbox', { name: 'Label' });
    act(() => gateway.emit('session.deleted', { keys: ['agent:main:main'] }));
    expect(await screen.findByText(/This session no longer exists/)).toBeInTheDocument();
  });

  it('reloads the list after a reconnect, catching changes made while offline', async () => {
    await setup();
    await screen.findByText('agent:main:main');
    gateway.sessions = { ...gateway.sessions };
    delete gateway.sessions['agent:main:main'];
    gateway.dropConnections();
    await waitFor(() => expect(screen.queryByText('agent:main:main')).not.toBeInTheDocument());
    expect(client.state().status).toBe('live');
  });
});
