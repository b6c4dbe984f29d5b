import { existsSync } from 'node:fs';
import path from 'node:path';
import type { KeyboardEvent, MenuItem, MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { RuntimeStatus } from '../../../src-shared/protocol/runtime-status.js';
import {
  buildTrayMenu,
  resolveTrayIconFileName,
  resolveTrayIconPath,
  resolveTrayStatusLine,
  resolveTrayTooltip,
  type TrayMenuActions,
  type TrayMenuState,
} from '../../../src-main/electron/tray-menu.js';

const STOPPED: RuntimeStatus = { state: 'stopped' };
const STARTING: RuntimeStatus = { state: 'starting' };
const RUNNING: RuntimeStatus = { state: 'running', url: 'http://127.0.0.1:18789/', port: 18789, clients: 3 };
const FAILED: RuntimeStatus = {
  state: 'failed',
  reason: 'another gateway instance is already listening on ws://127.0.0.1:18789',
  code: 'port_in_use',
};

const ATTACHED: RuntimeStatus = { state: 'attached', url: 'http://127.0.0.1:18789/', port: 18789, version: '0.1.0', pid: 4242 };
const PORT_TAKEN = {
  state: 'failed',
  reason: 'another process is already listening on 127.0.0.1:18789; stop it, or choose another port',
  code: 'port_in_use',
  host: '127.0.0.1',
  port: 18789,
  holder: { pid: 4242, command: 'python3' },
} satisfies RuntimeStatus;

function recordingActions(): { actions: TrayMenuActions; calls: string[] } {
  const calls: string[] = [];
  const actions: TrayMenuActions = {
    startGateway: () => calls.push('startGateway'),
    stopGateway: () => calls.push('stopGateway'),
    restartGateway: () => calls.push('restartGateway'),
    takeOver: () => calls.push('takeOver'),
    useAnotherPort: () => calls.push('useAnotherPort'),
    restartToUpdate: () => calls.push('restartToUpdate'),
    openDashboard: () => calls.push('openDashboard'),
    copyDashboardUrl: () => calls.push('copyDashboardUrl'),
    openConfigFile: () => calls.push('openConfigFile'),
    openLogsFolder: () => calls.push('openLogsFolder'),
    setLaunchAtLogin: (enabled) => calls.push(`setLaunchAtLogin:${enabled}`),
    quit: () => calls.push('quit'),
  };
  return { actions, calls };
}

function menuFor(status: RuntimeStatus, overrides: Partial<TrayMenuState> = {}) {
  const { actions, calls } = recordingActions();
  const template = buildTrayMenu({ status, launchAtLogin: false, launchAtLoginSupported: true, ...overrides }, actions);
  const byId = (id: string): MenuItemConstructorOptions => {
    const item = template.find((entry) => entry.id === id);
    if (!item) throw new Error(`no menu item ${id}`);
    return item;
  };
  const enabled = (id: string) => byId(id).enabled !== false;
  const click = (id: string) => byId(id).click?.({} as MenuItem, undefined, {} as KeyboardEvent);
  return { template, byId, enabled, click, calls };
}

describe('buildTrayMenu', () => {
  it('lists the items in order, with separators between groups', () => {
    const { template } = menuFor(STOPPED);
    expect(template.map((item) => item.id ?? item.type)).toEqual([
      'status',
      'separator',
      'start',
      'stop',
      'restart',
      'separator',
      'open-dashboard',
      'copy-url',
      'separator',
      'open-config',
      'open-logs',
      'separator',
      'launch-at-login',
      'separator',
      'quit',
    ]);
  });

  it('stopped: shows "Gateway stopped" and offers only Start among the gateway actions', () => {
    const menu = menuFor(STOPPED);
    expect(menu.byId('status').label).toBe('Gateway stopped');
    expect(menu.byId('status').enabled).toBe(false);
    expect([menu.enabled('start'), menu.enabled('stop'), menu.enabled('restart')]).toEqual([true, false, false]);
    expect(menu.enabled('copy-url')).toBe(false);
  });

  it('starting: shows "Gateway starting…" and offers only Stop', () => {
    const menu = menuFor(STARTING);
    expect(menu.byId('status').label).toBe('Gateway starting…');
    expect([menu.enabled('start'), menu.enabled('stop'), menu.enabled('restart')]).toEqual([false, true, false]);
    expect(menu.enabled('copy-url')).toBe(false);
  });

  it('running: shows host, port and clients, and offers Stop, Restart and Copy dashboard URL', () => {
    const menu = menuFor(RUNNING);
    expect(menu.byId('status').label).toBe('Gateway running on 127.0.0.1:18789 · 3 clients');
    expect([menu.enabled('start'), menu.enabled('stop'), menu.enabled('restart')]).toEqual([false, true, true]);
    expect(menu.enabled('copy-url')).toBe(true);
  });

  it('failed: shows the reason and offers Start and Restart', () => {
    const menu = menuFor(FAILED);
    expect(menu.byId('status').label).toBe(
      'Gateway failed: another gateway instance is already listening on ws://127.0.0.1:18789',
    );
    expect([menu.enabled('start'), menu.enabled('stop'), menu.enabled('restart')]).toEqual([true, false, true]);
  });

  it('keeps Open dashboard, Open config file, Open logs folder and Quit enabled in every status', () => {
    for (const status of [STOPPED, STARTING, RUNNING, FAILED]) {
      const menu = menuFor(status);
      expect(['open-dashboard', 'open-config', 'open-logs', 'quit'].map(menu.enabled)).toEqual([true, true, true, true]);
    }
  });

  it('calls the matching action for each item', () => {
    const menu = menuFor(RUNNING);
    for (const id of ['start', 'stop', 'restart', 'open-dashboard', 'copy-url', 'open-config', 'open-logs', 'quit']) {
      menu.click(id);
    }
    expect(menu.calls).toEqual([
      'startGateway',
      'stopGateway',
      'restartGateway',
      'openDashboard',
      'copyDashboardUrl',
      'openConfigFile',
      'openLogsFolder',
      'quit',
    ]);
  });

  it('shows Launch at login as a checkbox reflecting the setting, and clicking it asks for the opposite', () => {
    const off = menuFor(STOPPED, { launchAtLogin: false });
    expect(off.byId('launch-at-login')).toMatchObject({ type: 'checkbox', checked: false });
    off.click('launch-at-login');
    const on = menuFor(STOPPED, { launchAtLogin: true });
    expect(on.byId('launch-at-login').checked).toBe(true);
    on.click('launch-at-login');
    expect([...off.calls, ...on.calls]).toEqual(['setLaunchAtLogin:true', 'setLaunchAtLogin:false']);
  });

  it('attached: says whose gateway it is, offers Take over instead of Start / Stop / Restart, and Copy dashboard URL', () => {
    const menu = menuFor(ATTACHED);
    expect(menu.byId('status').label).toBe('Attached to the gateway on 127.0.0.1:18789 (started outside the app)');
    expect(menu.template.map((item) => item.id ?? item.type).slice(0, 4)).toEqual(['status', 'separator', 'take-over', 'separator']);
    expect(menu.enabled('copy-url')).toBe(true);
    menu.click('take-over');
    expect(menu.calls).toEqual(['takeOver']);
  });

  it('port taken by another program: names port and process, offers Use another port… and Retry', () => {
    const menu = menuFor(PORT_TAKEN);
    expect(menu.byId('status').label).toBe('Port 18789 is in use by python3 (pid 4242)');
    expect(menu.template.map((item) => item.id ?? item.type).slice(0, 5)).toEqual(['status', 'separator', 'use-another-port', 'retry', 'separator']);
    menu.click('use-another-port');
    menu.click('retry');
    expect(menu.calls).toEqual(['useAnotherPort', 'startGateway']);
    const { holder: _holder, ...unnamed } = PORT_TAKEN;
    expect(menuFor(unnamed).byId('status').label).toBe('Port 18789 is in use by another program');
  });

  it('an update ready to install adds "Restart to update to vX" just above Quit', () => {
    const menu = menuFor(RUNNING, { updateReadyVersion: '1.2.3' });
    expect(menu.template.slice(-2).map((item) => item.label)).toEqual(['Restart to update to v1.2.3', 'Quit OpenClaw Desktop']);
    menu.click('restart-to-update');
    expect(menu.calls).toEqual(['restartToUpdate']);
    expect(menuFor(RUNNING).template.some((item) => item.id === 'restart-to-update')).toBe(false);
  });

  it('leaves out Launch at login where the OS does not support it', () => {
    const menu = menuFor(STOPPED, { launchAtLoginSupported: false });
    expect(menu.template.some((item) => item.id === 'launch-at-login')).toBe(false);
  });
});

describe('resolveTrayStatusLine', () => {
  it('says "1 client" in the singular', () => {
    expect(resolveTrayStatusLine({ ...RUNNING, clients: 1 })).toBe('Gateway running on 127.0.0.1:18789 · 1 client');
  });

  it('shows only the first line of a multi-line failure, cut to 80 characters', () => {
    const reason = `Invalid config at /home/me/.openclaw/openclaw.yaml\ngateway.port: must be between 1 and 65535`;
    expect(resolveTrayStatusLine({ state: 'failed', reason, code: 'config_invalid' })).toBe(
      'Gateway failed: Invalid config at /home/me/.openclaw/openclaw.yaml',
    );
    const long = resolveTrayStatusLine({ state: 'failed', reason: 'x'.repeat(200), code: 'internal' });
    expect(long).toBe(`Gateway failed: ${'x'.repeat(79)}…`);
  });
});

describe('resolveTrayTooltip', () => {
  it('names the product and the status', () => {
    expect(resolveTrayTooltip(RUNNING)).toBe('OpenClaw Desktop — Gateway running on 127.0.0.1:18789 · 3 clients');
  });

  it('stays within the 127 characters Windows shows', () => {
    const tooltip = resolveTrayTooltip({ state: 'failed', reason: 'y'.repeat(300), code: 'internal' });
    expect(tooltip.length).toBeLessThanOrEqual(127);
  });
});

describe('tray icons', () => {
  it('uses a template PNG on macOS, an .ico on Windows and a PNG on Linux, per status', () => {
    expect(resolveTrayIconFileName(RUNNING, 'darwin')).toBe('tray-running-Template.png');
    expect(resolveTrayIconFileName(FAILED, 'win32')).toBe('tray-failed.ico');
    expect(resolveTrayIconFileName(STARTING, 'linux')).toBe('tray-starting.png');
    expect(resolveTrayIconFileName(ATTACHED, 'linux')).toBe('tray-running.png');
  });

  it('reads icons from resources/tray when packaged and from resources/icons/tray/<platform> in development', () => {
    const common = { status: STOPPED, platform: 'darwin' as const, resourcesPath: '/app/Resources', appPath: '/src/app' };
    expect(resolveTrayIconPath({ ...common, packaged: true })).toBe(path.join('/app/Resources', 'tray', 'tray-stopped-Template.png'));
    expect(resolveTrayIconPath({ ...common, packaged: false })).toBe(
      path.join('/src/app', 'resources', 'icons', 'tray', 'mac', 'tray-stopped-Template.png'),
    );
  });

  it('has a file in resources/icons for every status and platform', () => {
    const root = path.resolve(import.meta.dirname, '../../..');
    for (const status of [STOPPED, STARTING, RUNNING, FAILED]) {
      for (const platform of ['darwin', 'win32', 'linux'] as const) {
        const file = resolveTrayIconPath({ status, platform, packaged: false, resourcesPath: '', appPath: root });
        expect(existsSync(file), file).toBe(true);
      }
    }
  });
});
