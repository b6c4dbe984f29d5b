// @vitest-environment jsdom
import { act, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayClient } from '../../../src-shared/client/gateway-client.js';
import { OpenClawConfigSchema } from '../../../src-shared/config/schema.js';
import { DESKTOP_API_GLOBAL, type DesktopApi } from '../../../src-shared/desktop-api.js';
import type { UpdateState } from '../../../src-shared/desktop-update.js';
import type { ConfigApplied } from '../../../src-shared/protocol/settings.js';
import { SettingsView } from '../../../src-renderer/features/settings/settings-view.js';
import { connectLive, createTestClient, renderWithClient } from './support/harness.js';
import { startFakeGateway, type FakeGateway } from './support/fake-gateway.js';

const HASH = 'a'.repeat(64);
const NEW_HASH = 'b'.repeat(64);
const APPLIED: ConfigApplied = { changed: ['desktop'], listener: { restarted: false, url: 'http://127.0.0.1:18789' }, telegram_restarted: [], summary: 'Applied live.' };
const PARSED = { desktop: { notifications: { bot_failures: false } } };

let gateway: FakeGateway;
let client: GatewayClient;
let updates: Array<Record<string, unknown>>;

afterEach(async () => {
  delete (window as unknown as Record<string, unknown>)[DESKTOP_API_GLOBAL];
  await client?.close();
  await gateway?.close();
});

// The preload's bridge exists only inside Electron: this plays its part at the edge (the real bridge
// is covered by tests/unit/electron/desktop-api), with update pushes the test sends.
function installBridge(initial: UpdateState, onCheck: () => UpdateState) {
  const listeners = new Set<(state: UpdateState) => void>();
  const unused = () => Promise.reject(new Error('not used'));
  const bridge: DesktopApi = {
    getGatewayInfo: unused,
    startGateway: unused,
    openConfigFile: unused,
    openLogsFolder: unused,
    readDesktopLog: unused,
    getUpdateState: async () => initial,
    checkForUpdates: async () => onCheck(),
    onStatus: () => () => undefined,
    onUpdateState(callback) {
      listeners.add(callback);
      return () => listeners.delete(callback);
    },
  };
  (window as unknown as Record<string, unknown>)[DESKTOP_API_GLOBAL] = bridge;
  return { push: (state: UpdateState) => act(() => listeners.forEach((listener) => listener(state))), listeners };
}

async function openDesktopTab(): Promise<HTMLElement> {
  updates = [];
  gateway = await startFakeGateway({
    snapshot: { raw: 'desktop:\n  notifications:\n    bot_failures: false\n', parsed: PARSED, config: OpenClawConfigSchema.parse(PARSED), hash: HASH, env_refs: [], raw_redacted: false },
    methods: {
      'config.update': (params) => {
        updates.push(params);
        gateway.snapshot = { ...gateway.snapshot, hash: NEW_HASH };
        return { result: { hash: NEW_HASH, applied: APPLIED } };
      },
    },
  });
  client = createTestClient(gateway);
  await connectLive(client);
  renderWithClient(<SettingsView onOpenSetup={() => undefined} />, client);
  await screen.findByRole('tablist', { name: 'Settings sections' });
  await userEvent.click(screen.getByRole('tab', { name: 'Desktop app' }));
  return screen.getByRole('tabpanel');
}

describe('Settings: Desktop app', () => {
  it('in a browser, offers the desktop keys but no update state', async () => {
    const panel = await openDesktopTab();
    expect(within(panel).getByRole('heading', { name: 'Desktop app' })).toBeInTheDocument();
    expect(within(panel).queryByRole('heading', { name: 'Updates' })).not.toBeInTheDocument();
    expect(within(panel).getByLabelText(/^Notify: a Telegram bot failed/)).not.toBeChecked();
    expect(within(panel).getByLabelText(/^Notify: Telegram pairing requests/)).toBeChecked();
    expect(within(panel).getByLabelText(/^Quick chat shortcut/)).toHaveValue('Alt+Shift+Space');
    expect(within(panel).getByLabelText(/^Update channel/)).toHaveValue('stable');
  });

  it('inside the app, shows the update state and follows its changes', async () => {
    const bridge = installBridge({ state: 'downloading', version: '0.2.0', percent: 42 }, () => ({ state: 'up_to_date', checked_at: 1 }));
    const panel = await openDesktopTab();
    expect(await within(panel).findByText('Downloading 0.2.0: 42 %')).toBeInTheDocument();
    bridge.push({ state: 'ready', version: '0.2.0' });
    expect(within(panel).getByText('Version 0.2.0 is ready: it installs when you quit, or choose "Restart to update"')).toBeInTheDocument();
    bridge.push({ state: 'failed', reason: 'The update feed https://example.test/latest.yml answered HTTP 404' });
    expect(within(panel).getByText('Update failed: The update feed https://example.test/latest.yml answered HTTP 404')).toBeInTheDocument();
  });

  it('Check now asks the app and shows the answer', async () => {
    let checks = 0;
    installBridge({ state: 'idle' }, () => {
      checks += 1;
      return { state: 'up_to_date', checked_at: 1 };
    });
    const panel = await openDesktopTab();
    await within(panel).findByText('Not checked yet');
    await userEvent.click(within(panel).getByRole('button', { name: 'Check now' }));
    expect(await within(panel).findByText('Up to date')).toBeInTheDocument();
    expect(checks).toBe(1);
  });

  it('stops following the update state when the tab closes', async () => {
    const bridge = installBridge({ state: 'idle' }, () => ({ state: 'idle' }));
    const panel = await openDesktopTab();
    await within(panel).findByText('Not checked yet');
    expect(bridge.listeners.size).toBe(1);
    await userEvent.click(screen.getByRole('tab', { name: 'Access' }));
    expect(bridge.listeners.size).toBe(0);
  });

  it('saves the switches, the channel and an emptied shortcut (which turns it off) through config.update', async () => {
    const panel = await openDesktopTab();
    await userEvent.click(within(panel).getByLabelText(/^Notify: a Telegram bot failed/));
    await userEvent.clear(within(panel).getByLabelText(/^Quick chat shortcut/));
    await userEvent.selectOptions(within(panel).getByLabelText(/^Update channel/), 'beta');
    await userEvent.click(within(panel).getByRole('button', { name: 'Save' }));
    expect(await within(panel).findByText('Saved. Applied live.')).toBeInTheDocument();
    expect(updates).toEqual([
      { base_hash: HASH, set: { 'desktop.notifications.bot_failures': true, 'desktop.quick_chat_shortcut': '', 'desktop.update.channel': 'beta' } },
    ]);
  });

  it('refuses a feed URL that is not http(s) before sending anything', async () => {
    const panel = await openDesktopTab();
    await userEvent.type(within(panel).getByLabelText(/^Update feed URL/), 'ftp://example.test/feed');
    await userEvent.click(within(panel).getByRole('button', { name: 'Save' }));
    expect(await within(panel).findByText('Nothing was saved: fix the fields marked below.')).toBeInTheDocument();
    expect(updates).toEqual([]);
  });
});
