// @vitest-environment jsdom
import { act, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GatewayClient } from '../../../src-shared/client/gateway-client.js';
import type { LogLine } from '../../../src-shared/protocol/logs.js';
import { LogsView } from '../../../src-renderer/features/logs/logs-view.js';
import { resolveDesktopLogReader, type DesktopLogReader } from '../../../src-renderer/features/logs/use-desktop-log.js';
import type { DesktopApi } from '../../../src-shared/desktop-api.js';
import { connectLive, createTestClient, renderWithClient } from './support/harness.js';
import { startFakeGateway, type FakeGateway, type FakeMethodHandler } from './support/fake-gateway.js';

let gateway: FakeGateway;
let client: GatewayClient;

afterEach(async () => {
  vi.restoreAllMocks();
  await client?.close();
  await gateway?.close();
});

function line(seq: number, level: LogLine['level'], message: string, fields?: Record<string, unknown>): LogLine {
  return { seq, time: new Date(Date.UTC(2025, 0, 2, 3, 4, seq)).toISOString(), level, message, ...(fields ? { fields } : {}) };
}

const FIRST_LINES = [line(1, 'info', 'Gateway listening on http://127.0.0.1:18789/'), line(2, 'warn', 'Telegram bot backup failed', { reason: 'invalid token' })];

/**
 * A logs.tail that answers from `lines` the way the gateway does: the newest `limit` without a cursor,
 * else the oldest `limit` after it with has_more; `boot` names the gateway process.
 */
function tailOf(lines: () => LogLine[], tails: Array<Record<string, unknown>> = [], boot: () => string = () => 'boot-1'): FakeMethodHandler {
  return (params) => {
    tails.push(params);
    const all = lines();
    const limit = typeof params.limit === 'number' ? params.limit : 200;
    const cursor = typeof params.cursor === 'number' ? params.cursor : undefined;
    const newest = all.at(-1)?.seq ?? 0;
    const oldest = all[0]?.seq ?? newest + 1;
    const after = cursor === undefined ? all.slice(-limit) : all.filter((l) => l.seq > cursor);
    const page = after.slice(0, limit);
    const hasMore = after.length > limit;
    return {
      result: {
        lines: page,
        cursor: hasMore ? page.at(-1)!.seq : newest,
        missed: cursor === undefined ? 0 : Math.max(0, oldest - cursor - 1),
        has_more: hasMore,
        boot_id: boot(),
        file: '/home/ada/.openclaw/logs/openclaw.log',
      },
    };
  };
}

async function setup(methods: Record<string, FakeMethodHandler>, props: { readDesktopLog?: DesktopLogReader } = {}): Promise<void> {
  gateway = await startFakeGateway({ methods });
  client = createTestClient(gateway);
  await connectLive(client);
  renderWithClient(<LogsView {...props} />, client);
}

function rows(): HTMLElement[] {
  return within(screen.getByRole('list', { name: 'Log lines, newest first' })).getAllByRole('listitem');
}

describe('LogsView', () => {
  it('says it is loading until the gateway answers', async () => {
    let answer: (() => void) | undefined;
    await setup({
      'logs.tail': (params) =>
        new Promise((resolve) => {
          answer = () => resolve(tailOf(() => FIRST_LINES)(params) as never);
        }),
    });
    expect(await screen.findByRole('status')).toHaveTextContent('Loading the gateway log…');
    await waitFor(() => expect(answer).toBeDefined());
    answer?.();
    await waitFor(() => expect(rows()).toHaveLength(2));
  });

  it('shows the newest line first, its level, the log file, and folds fields under the line', async () => {
    const tails: Array<Record<string, unknown>> = [];
    await setup({ 'logs.tail': tailOf(() => FIRST_LINES, tails) });
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(rows()[0]).toHaveTextContent('warnTelegram bot backup failed');
    expect(rows()[0]).toHaveTextContent('{"reason":"invalid token"}');
    expect(rows()[1]).toHaveTextContent('infoGateway listening on http://127.0.0.1:18789/');
    expect(screen.getByText('/home/ada/.openclaw/logs/openclaw.log')).toBeInTheDocument();
    expect(tails[0]).toMatchObject({ follow: true });
    expect(tails[0]?.cursor).toBeUndefined();
  });

  it('adds lines the gateway pushes after the page opened', async () => {
    await setup({ 'logs.tail': tailOf(() => FIRST_LINES) });
    await waitFor(() => expect(rows()).toHaveLength(2));
    act(() => gateway.emit('logs.appended', { lines: [line(3, 'info', 'Config reloaded (logging)')] }));
    await waitFor(() => expect(rows()[0]).toHaveTextContent('Config reloaded (logging)'));
    expect(screen.getByText('3 of 3 lines')).toBeInTheDocument();
  });

  it('filters by level and searches message and fields', async () => {
    await setup({ 'logs.tail': tailOf(() => [...FIRST_LINES, line(3, 'debug', 'poll tick'), line(4, 'error', 'Provider unreachable')]) });
    await waitFor(() => expect(rows()).toHaveLength(4));
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Level' }), 'warn and above');
    expect(rows().map((row) => row.textContent)).toEqual([expect.stringContaining('Provider unreachable'), expect.stringContaining('Telegram bot backup failed')]);
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search' }), 'INVALID TOKEN');
    expect(rows()).toHaveLength(1);
    expect(screen.getByText('1 of 4 lines')).toBeInTheDocument();
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search' }), 'nothing like this');
    expect(screen.getByText('No line matches the filter.')).toBeInTheDocument();
  });

  it('holds the lines while paused, counts the new ones, and shows them on resume', async () => {
    await setup({ 'logs.tail': tailOf(() => FIRST_LINES) });
    await waitFor(() => expect(rows()).toHaveLength(2));
    await userEvent.click(screen.getByRole('button', { name: 'Pause' }));
    act(() => gateway.emit('logs.appended', { lines: [line(3, 'info', 'third'), line(4, 'info', 'fourth')] }));
    const resume = await screen.findByRole('button', { name: 'Resume (2 new)' });
    expect(rows()).toHaveLength(2);
    expect(screen.getByText('2 of 2 lines, paused')).toBeInTheDocument();
    await userEvent.click(resume);
    expect(rows()).toHaveLength(4);
    expect(rows()[0]).toHaveTextContent('fourth');
  });

  it('continues from the last line after a reconnect and marks the lines the gateway no longer kept', async () => {
    let lines = FIRST_LINES;
    const tails: Array<Record<string, unknown>> = [];
    await setup({ 'logs.tail': tailOf(() => lines, tails) });
    await waitFor(() => expect(rows()).toHaveLength(2));
    lines = [line(40, 'info', 'after the gap')];
    gateway.dropConnections();
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(tails.at(-1)).toMatchObject({ cursor: 2, follow: true });
    expect(rows()[0]).toHaveTextContent('after the gap');
    expect(within(rows()[0]!).getByRole('note')).toHaveTextContent('37 older lines not kept');
  });

  it('marks a gateway restart and shows the new process from its newest lines', async () => {
    let lines = [line(50, 'info', 'old process')];
    let boot = 'boot-1';
    await setup({ 'logs.tail': tailOf(() => lines, [], () => boot) });
    await waitFor(() => expect(rows()).toHaveLength(1));
    lines = [line(1, 'info', 'Gateway listening again')];
    boot = 'boot-2';
    gateway.dropConnections();
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(rows()[0]).toHaveTextContent('Gateway listening again');
    expect(within(rows()[0]!).getByRole('note')).toHaveTextContent('The gateway restarted');
  });

  it('marks a restart by the boot id even when the new process already wrote more lines than the old cursor', async () => {
    let lines = FIRST_LINES;
    let boot = 'boot-1';
    const tails: Array<Record<string, unknown>> = [];
    await setup({ 'logs.tail': tailOf(() => lines, tails, () => boot) });
    await waitFor(() => expect(rows()).toHaveLength(2));
    lines = [1, 2, 3, 4, 5].map((seq) => line(seq, 'info', `new process line ${seq}`));
    boot = 'boot-2';
    gateway.dropConnections();
    await waitFor(() => expect(rows()).toHaveLength(7));
    expect(rows()[0]).toHaveTextContent('new process line 5');
    expect(within(rows()[4]!).getByRole('note')).toHaveTextContent('The gateway restarted');
    expect(rows()[4]).toHaveTextContent('new process line 1');
    expect(tails.at(-1)).not.toHaveProperty('cursor');
  });

  it('reads on while the gateway has more after a long disconnect, so no kept line is called not kept', async () => {
    let lines = FIRST_LINES;
    const tails: Array<Record<string, unknown>> = [];
    await setup({ 'logs.tail': tailOf(() => lines, tails) });
    await waitFor(() => expect(rows()).toHaveLength(2));
    lines = Array.from({ length: 1500 }, (_, i) => line(i + 3, 'info', `while away ${i + 3}`));
    gateway.dropConnections();
    await waitFor(() => expect(screen.getByText('1,502 of 1,502 lines')).toBeInTheDocument());
    expect(rows()[0]).toHaveTextContent('while away 1502');
    // Around the seam between the two pages: every line there, none marked as lost.
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search' }), 'while away 100');
    expect(rows().map((row) => row.textContent?.match(/while away \d+/)?.[0])).toEqual([
      'while away 1009', 'while away 1008', 'while away 1007', 'while away 1006', 'while away 1005',
      'while away 1004', 'while away 1003', 'while away 1002', 'while away 1001', 'while away 1000', 'while away 100',
    ]);
    expect(screen.queryByText(/not kept/)).toBeNull();
    expect(tails.slice(-2)).toMatchObject([
      { cursor: 2, follow: true },
      { cursor: 1002, follow: true },
    ]);
  });

  it('says why when the gateway keeps no log for the dashboard, with Try again', async () => {
    let fail = true;
    await setup({
      'logs.tail': (params) =>
        fail ? { error: { code: 'unavailable', message: 'This gateway logs through its embedder’s logger; its lines are not kept for the dashboard' } } : tailOf(() => FIRST_LINES)(params),
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not read the gateway log: This gateway logs through its embedder’s logger');
    fail = false;
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(rows()).toHaveLength(2));
  });

  it('says so when the log has no lines yet', async () => {
    await setup({ 'logs.tail': tailOf(() => []) });
    expect(await screen.findByText('No lines yet. New lines appear here as the gateway writes them.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Export .jsonl' })).toBeDisabled();
  });

  it('exports the shown lines as JSON lines and as text', async () => {
    await setup({ 'logs.tail': tailOf(() => FIRST_LINES) });
    await waitFor(() => expect(rows()).toHaveLength(2));
    const downloads: Array<{ name: string; text: Promise<string>; type: string }> = [];
    let pending: { text: Promise<string>; type: string } | undefined;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      pending = { text: (blob as Blob).text(), type: (blob as Blob).type };
      return 'blob:logs';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      if (pending) downloads.push({ name: this.download, ...pending });
    });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Level' }), 'warn and above');
    await userEvent.click(screen.getByRole('button', { name: 'Export .jsonl' }));
    await userEvent.click(screen.getByRole('button', { name: 'Export .txt' }));
    expect(downloads.map((d) => d.name)).toEqual([expect.stringMatching(/^openclaw-gateway-log-.*\.jsonl$/), expect.stringMatching(/^openclaw-gateway-log-.*\.txt$/)]);
    expect(JSON.parse((await downloads[0]!.text).trim())).toEqual({ ...FIRST_LINES[1] });
    expect(await downloads[1]!.text).toBe(`${FIRST_LINES[1]!.time} WARN    Telegram bot backup failed {"reason":"invalid token"}\n`);
    expect(downloads[1]!.type).toBe('text/plain');
  });

  it('offers no source switch in a browser', async () => {
    await setup({ 'logs.tail': tailOf(() => FIRST_LINES) });
    expect(await screen.findByRole('heading', { name: 'Gateway log' })).toBeInTheDocument();
    expect(screen.queryByRole('group', { name: 'Log source' })).toBeNull();
  });

  it('switches to the desktop app’s own log in the desktop app, and reads it again on Refresh', async () => {
    let reads = 0;
    const readDesktopLog: DesktopLogReader = () => {
      reads += 1;
      return Promise.resolve({
        file: '/home/ada/.config/OpenClaw/logs/main.log',
        lines: [{ time: '2025-01-02T03:04:05.000Z', level: 'info', message: `Tray ready (read ${reads})` }],
      });
    };
    await setup({ 'logs.tail': tailOf(() => FIRST_LINES) }, { readDesktopLog });
    await waitFor(() => expect(rows()).toHaveLength(2));
    await userEvent.click(within(screen.getByRole('group', { name: 'Log source' })).getByRole('button', { name: 'Desktop app' }));
    await waitFor(() => expect(rows()[0]).toHaveTextContent('Tray ready (read 1)'));
    expect(screen.getByText('/home/ada/.config/OpenClaw/logs/main.log')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Pause' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(rows()[0]).toHaveTextContent('Tray ready (read 2)'));
  });

  it('says why the desktop app’s log could not be read', async () => {
    await setup({ 'logs.tail': tailOf(() => FIRST_LINES) }, { readDesktopLog: () => Promise.reject(new Error('The log file /x/main.log could not be read: EACCES')) });
    await userEvent.click(await screen.findByRole('button', { name: 'Desktop app' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not read the desktop app log: The log file /x/main.log could not be read: EACCES');
  });
});

describe('resolveDesktopLogReader', () => {
  const bridge = (extra: object) => ({ getGatewayInfo: () => Promise.reject(new Error('unused')), ...extra }) as unknown as DesktopApi;

  it('offers no reader in a browser or with an app build whose bridge cannot read its log', () => {
    expect(resolveDesktopLogReader(undefined)).toBeUndefined();
    expect(resolveDesktopLogReader(bridge({}))).toBeUndefined();
  });

  it('reads through the bridge and refuses an answer of the wrong shape', async () => {
    const good = { file: '/x/main.log', lines: [{ time: 't', level: 'info', message: 'ready' }] };
    await expect(resolveDesktopLogReader(bridge({ readDesktopLog: () => Promise.resolve(good) }))?.()).resolves.toEqual(good);
    await expect(resolveDesktopLogReader(bridge({ readDesktopLog: () => Promise.resolve({ lines: 'nope' }) }))?.()).rejects.toThrow();
  });
});
