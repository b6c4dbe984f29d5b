// @vitest-environment jsdom
import { render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GatewayClient } from '../../../src-shared/client/gateway-client.js';
import { App } from '../../../src-renderer/app/app.js';
import { createEventLog } from '../../../src-renderer/features/events/event-log.js';
import { CREDENTIALS_STORAGE_KEY, loadStoredCredentials } from '../../../src-renderer/lib/credentials-storage.js';
import { createTestClient, withFakeLayout } from './support/harness.js';
import { startFakeGateway, type FakeGateway, type FakeGatewayOptions } from './support/fake-gateway.js';
import type { TelegramStatus } from '../../../src-shared/telegram/status.js';
import type { RuntimeStatus } from '../../../src-shared/protocol/runtime-status.js';
import type { DesktopStatusSource } from '../../../src-renderer/app/use-gateway-overview.js';

// The Sessions page renders the rows a window holds; jsdom has no layout of its own.
withFakeLayout();

let gateway: FakeGateway;
let client: GatewayClient;

beforeEach(() => {
  window.sessionStorage.clear();
  window.history.replaceState(null, '', '/');
});

afterEach(async () => {
  await client?.close();
  await gateway?.close();
});

async function renderApp(
  options: { token?: string; clientToken?: string; methods?: FakeGatewayOptions['methods']; desktop?: DesktopStatusSource } = {},
): Promise<void> {
  gateway = await startFakeGateway({
    ...(options.token ? { token: options.token } : {}),
    ...(options.methods ? { methods: options.methods } : {}),
    sessions: { 'agent:main:main': { session_id: 's1', updated_at: Date.now() } },
  });
  client = createTestClient(gateway, options.clientToken ? { credentials: { token: options.clientToken } } : {});
  const log = createEventLog();
  client.onFrame((record) => log.push(record));
  client.connect();
  render(<App client={client} log={log} storage={window.sessionStorage} {...(options.desktop ? { desktop: options.desktop } : {})} />);
}

function status(term: string): HTMLElement {
  const list = screen.getByRole('group', { name: 'Gateway status' }) as HTMLElement;
  return within(list).getByText(term, { selector: 'dt' }).nextElementSibling as HTMLElement;
}

describe('dashboard shell', () => {
  it('shows gateway state, URL, version, uptime, clients, config path and a live connection', async () => {
    await renderApp();
    await waitFor(() => expect(status('Connection')).toHaveTextContent('Live'));
    await waitFor(() => expect(status('Clients')).toHaveTextContent('1'));
    expect(status('Gateway')).toHaveTextContent('Running');
    expect(status('URL')).toHaveTextContent(gateway.url);
    expect(status('Version')).toHaveTextContent('0.1.0');
    expect(status('Uptime')).toHaveTextContent(/^1 h \d+ min$/);
    expect(status('Config')).toHaveTextContent('/home/user/.openclaw/openclaw.yaml');
  });

  it('shows no Telegram entry when the gateway runs no channel', async () => {
    await renderApp();
    await waitFor(() => expect(status('Connection')).toHaveTextContent('Live'));
    const list = screen.getByRole('group', { name: 'Gateway status' });
    expect(within(list).queryByText('Telegram', { selector: 'dt' })).toBeNull();
  });

  it('shows each Telegram bot with its state, and follows telegram.status events live', async () => {
    const bot = { account_id: 'default', mode: 'polling' as const, username: 'claw_bot', updated_at: 1 };
    const running: TelegramStatus = { enabled: true, bots: [{ ...bot, state: 'running' }] };
    await renderApp({ methods: { 'telegram.status': () => ({ result: running }) } });
    await waitFor(() => expect(status('Telegram')).toHaveTextContent('@claw_bot: running'));
    gateway.emit('telegram.status', { enabled: true, bots: [{ ...bot, state: 'failed', reason: 'invalid bot token' }] });
    await waitFor(() => expect(status('Telegram')).toHaveTextContent('@claw_bot: failed: invalid bot token'));
  });

  it('stops showing the bots while the gateway is unreachable (their state is unknown then), and shows them again after', async () => {
    const running: TelegramStatus = { enabled: true, bots: [{ account_id: 'default', mode: 'polling', username: 'claw_bot', updated_at: 1, state: 'running' }] };
    await renderApp({ methods: { 'telegram.status': () => ({ result: running }) } });
    await waitFor(() => expect(status('Telegram')).toHaveTextContent('@claw_bot: running'));
    gateway.refuseUpgrades(true);
    gateway.dropConnections();
    await waitFor(() => expect(status('Gateway')).toHaveTextContent(/^Unreachable since/));
    expect(within(screen.getByRole('group', { name: 'Gateway status' })).queryByText('Telegram', { selector: 'dt' })).toBeNull();
    gateway.refuseUpgrades(false);
    await waitFor(() => expect(status('Telegram')).toHaveTextContent('@claw_bot: running'));
  });

  it('shows reconnecting with its backoff and reconnects on Retry now', async () => {
    await renderApp();
    await waitFor(() => expect(status('Connection')).toHaveTextContent('Live'));
    gateway.refuseUpgrades(true);
    gateway.dropConnections();
    await waitFor(() => expect(status('Connection')).toHaveTextContent(/Reconnecting in \d+ s \(attempt [2-9]\)/), { timeout: 3000 });
    gateway.refuseUpgrades(false);
    await userEvent.click(within(status('Connection')).getByRole('button', { name: 'Retry now' }));
    await waitFor(() => expect(status('Connection')).toHaveTextContent('Live'));
  });

  it('connects without a prompt when the gateway needs no credentials', async () => {
    await renderApp();
    await waitFor(() => expect(status('Connection')).toHaveTextContent('Live'));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('asks for a token when the gateway refuses, shows a refusal, and keeps the right one for the tab only', async () => {
    await renderApp({ token: 'right-token' });
    const dialog = await screen.findByRole('dialog', { name: 'Sign in to the gateway' });
    expect(status('Connection')).toHaveTextContent('Sign-in needed');
    const input = within(dialog).getByLabelText('Gateway token');
    expect(input).toHaveFocus();
    expect(input).toHaveAttribute('type', 'password');

    await userEvent.type(input, 'wrong-token{Enter}');
    expect(await within(await screen.findByRole('dialog')).findByRole('alert')).toHaveTextContent('The gateway refused: Invalid token');

    const retry = within(screen.getByRole('dialog')).getByLabelText('Gateway token');
    await userEvent.clear(retry);
    await userEvent.type(retry, 'right-token{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() => expect(status('Connection')).toHaveTextContent('Live'));
    expect(loadStoredCredentials(window.sessionStorage)).toEqual({ token: 'right-token' });
    expect(window.localStorage.length).toBe(0);
    expect(window.location.href).not.toContain('right-token');
    // The views retry their loads once signed in.
    expect(await screen.findByText('agent:main:main')).toBeInTheDocument();
  });

  it('signs out: forgets the tab credentials and asks again', async () => {
    window.sessionStorage.setItem(CREDENTIALS_STORAGE_KEY, JSON.stringify({ token: 'right-token' }));
    await renderApp({ token: 'right-token', clientToken: 'right-token' });
    await waitFor(() => expect(status('Connection')).toHaveTextContent('Live'));
    await userEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(window.sessionStorage.getItem(CREDENTIALS_STORAGE_KEY)).toBeNull();
    expect(await screen.findByRole('dialog', { name: 'Sign in to the gateway' })).toBeInTheDocument();
  });

  it('closes the sign-in dialog on Escape and reopens it from the header', async () => {
    await renderApp({ token: 'right-token' });
    await screen.findByRole('dialog');
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await userEvent.click(within(status('Connection')).getByRole('button', { name: 'Sign in' }));
    expect(screen.getByRole('dialog', { name: 'Sign in to the gateway' })).toBeInTheDocument();
  });

  it('switches views from the tabs, updating the URL and aria-current', async () => {
    await renderApp();
    const nav = screen.getByRole('navigation', { name: 'Views' });
    expect(within(nav).getByRole('link', { name: 'Sessions' })).toHaveAttribute('aria-current', 'page');
    await userEvent.click(within(nav).getByRole('link', { name: 'Config' }));
    expect(window.location.pathname).toBe('/config');
    expect(within(nav).getByRole('link', { name: 'Config' })).toHaveAttribute('aria-current', 'page');
    expect(await screen.findByRole('region', { name: 'Config file' })).toBeInTheDocument();
    await userEvent.click(within(nav).getByRole('link', { name: 'Event log' }));
    expect(window.location.pathname).toBe('/events');
    expect(screen.getByRole('region', { name: 'Request console' })).toBeInTheDocument();
    expect(document.title).toBe('Event log · OpenClaw');
  });

  it('opens the session named in the URL and puts the selection in the URL', async () => {
    window.history.replaceState(null, '', '/sessions?session=agent%3Amain%3Amain');
    await renderApp();
    expect(await screen.findByRole('region', { name: /Session agent:main:main/ })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Close session details' }));
    expect(window.location.search).toBe('');
  });
});

/** The desktop bridge's status half, as the preload offers it: the status it knows, and pushes of every change. */
function createDesktopStatus(initial: RuntimeStatus): DesktopStatusSource & { push(status: RuntimeStatus): void } {
  const listeners = new Set<(status: RuntimeStatus) => void>();
  return {
    getGatewayInfo: async () => ({ status: initial, url: null, token: null }),
    onStatus(callback) {
      listeners.add(callback);
      return () => listeners.delete(callback);
    },
    push(status) {
      for (const listener of listeners) listener(status);
    },
  };
}

function clockMinutes(ms: number): string {
  const date = new Date(ms);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

describe('gateway state in the header', () => {
  it('turns to "Unreachable since HH:MM" the moment the socket drops, without uptime or clients, and back to Running', async () => {
    await renderApp();
    await waitFor(() => expect(status('Clients')).toHaveTextContent('1'));
    const list = screen.getByRole('group', { name: 'Gateway status' });
    gateway.refuseUpgrades(true);
    const droppedAt = Date.now();
    gateway.dropConnections();
    await waitFor(() => expect(status('Gateway')).toHaveTextContent(/^Unreachable since \d\d:\d\d$/));
    expect([clockMinutes(droppedAt), clockMinutes(Date.now())]).toContain(status('Gateway').textContent?.slice(-5));
    expect(within(list).queryByText('Uptime', { selector: 'dt' })).toBeNull();
    expect(within(list).queryByText('Clients', { selector: 'dt' })).toBeNull();

    gateway.refuseUpgrades(false);
    await waitFor(() => expect(status('Gateway')).toHaveTextContent('Running'));
    await waitFor(() => expect(status('Clients')).toHaveTextContent('1'));
    expect(status('Uptime')).toHaveTextContent(/^1 h \d+ min$/);
  });

  it('says Sign-in needed when the gateway answers but wants credentials, never its raw refusal, and offers no Sign out', async () => {
    await renderApp({ token: 'right-token' });
    await screen.findByRole('dialog', { name: 'Sign in to the gateway' });
    await waitFor(() => expect(status('Gateway')).toHaveTextContent('Sign-in needed'));
    // The sessions page behind the dialog was refused too: it says so in words a person can act on.
    expect(await screen.findByText(/Could not load sessions: Sign-in needed/)).toBeInTheDocument();
    expect(document.body).not.toHaveTextContent('Authentication required');
    expect(document.body).not.toHaveTextContent('Bearer');
    expect(screen.queryByRole('button', { name: 'Sign out' })).not.toBeInTheDocument();
  });

  it('offers Sign out only for credentials typed into this tab, not for the desktop app\'s own token', async () => {
    await renderApp({ token: 'right-token', clientToken: 'right-token' });
    await waitFor(() => expect(status('Connection')).toHaveTextContent('Live'));
    await waitFor(() => expect(status('Clients')).toHaveTextContent('1'));
    expect(screen.queryByRole('button', { name: 'Sign out' })).not.toBeInTheDocument();
  });

  it('says Stopped when the desktop app stopped the gateway, Starting… while it starts, and Running once connected', async () => {
    const desktop = createDesktopStatus({ state: 'running', url: 'http://127.0.0.1:1/', port: 1, clients: 1 });
    await renderApp({ desktop });
    await waitFor(() => expect(status('Gateway')).toHaveTextContent('Running'));
    gateway.refuseUpgrades(true);
    desktop.push({ state: 'stopped' });
    gateway.dropConnections();
    await waitFor(() => expect(status('Gateway')).toHaveTextContent(/^Stopped$/));
    desktop.push({ state: 'starting' });
    await waitFor(() => expect(status('Gateway')).toHaveTextContent('Starting…'));
    gateway.refuseUpgrades(false);
    desktop.push({ state: 'running', url: gateway.url, port: 1, clients: 0 });
    await waitFor(() => expect(status('Gateway')).toHaveTextContent('Running'));
  });
});
