// The whole desktop app, once: the real compiled main process (dist/src-main/electron/main.js) runs
// under Node with the Electron stand-in (tests/fixtures/electron) in place of `electron`, against a
// temp state dir and a real gateway started outside it. The test clicks the tray, calls IPC as the
// window's page would, launches a second instance and quits, and checks what the user would see.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayInfoSchema } from '../../../src-shared/desktop-api.js';
import type { RuntimeStatus } from '../../../src-shared/protocol/runtime-status.js';
import { STARTER_CONFIG_YAML } from '../../../src-main/electron/desktop-files.js';
import { buildTrayMenu, type TrayMenuActions } from '../../../src-main/electron/tray-menu.js';
import { describeMenuTemplate } from '../../fixtures/electron/electron-stand-in.js';
import { startFakeBotApi } from '../../fixtures/telegram/fake-bot-api.js';
import { launchDesktopApp, PROJECT_ROOT, readStaleBuild, type DesktopApp } from '../../fixtures/electron/desktop-app.js';
import type { ReportedMenuItem } from '../../fixtures/electron/protocol.js';
import { HEADLESS, useNodeProcesses, type NodeProcess } from '../gateway/child.js';
import { httpRequest, makeTempState, REMOTE_ADDRESS, TestClient, type TempState } from '../gateway/helpers.js';

const STEP_TIMEOUT_MS = 60_000;
const LISTENING = /OpenClaw gateway listening on http:\/\/127\.0\.0\.1:(\d+)\//;
const IGNORE_ACTIONS = new Proxy({} as TrayMenuActions, { get: () => () => undefined });

async function findFreePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The menu buildTrayMenu makes for a status on this platform, as the stand-in reports menus. */
function expectedMenu(status: RuntimeStatus): ReportedMenuItem[] {
  const launchAtLoginSupported = process.platform === 'darwin' || process.platform === 'win32';
  return describeMenuTemplate(buildTrayMenu({ status, launchAtLogin: false, launchAtLoginSupported }, IGNORE_ACTIONS));
}

const statusLine = (menu: ReportedMenuItem[]): string => menu[0]?.label ?? '';

describe('the desktop app as a whole, under the Electron stand-in', () => {
  const launch = useNodeProcesses();
  let state: TempState;
  let outside: TempState;
  let userData: string;
  let port: number;
  let url: string;
  let headless: NodeProcess;
  let app: DesktopApp;
  const env = () => ({ ...state.env, OPENCLAW_GATEWAY_PORT: String(port) });

  beforeAll(async () => {
    // npm test builds first; a targeted run needs `npm run build:main` (the test runs the compiled app, as Electron would).
    const stale = await readStaleBuild(PROJECT_ROOT);
    if (stale !== undefined) throw new Error(stale);
    state = await makeTempState();
    outside = await makeTempState();
    userData = await mkdtemp(path.join(os.tmpdir(), 'openclaw-desktop-userdata-'));
    port = await findFreePort();
    url = `http://127.0.0.1:${port}/`;
  });
  afterAll(async () => {
    if (app?.child.exitCode === null) app.child.kill('SIGKILL');
    await Promise.all([state.cleanup(), outside.cleanup(), rm(userData, { recursive: true, force: true })]);
  });

  it(
    'takes the single-instance lock before anything else, attaches to the gateway already on its port, and Take over replaces it on the same port',
    async () => {
      // `npm run gateway` in a terminal, holding the port the app is configured for.
      headless = launch(HEADLESS, ['--port', String(port)], outside.env);
      await headless.waitForStdout(LISTENING);
      app = launchDesktopApp({ env: env(), userData });

      const attached = await app.waitForReport('tray', (report) => statusLine(report.menu).startsWith('Attached'));
      expect(statusLine(attached.menu)).toBe(`Attached to the gateway on 127.0.0.1:${port} (started outside the app)`);
      const status: RuntimeStatus = { state: 'attached', url, port, version: '0', pid: headless.child.pid ?? 0 };
      expect(attached.menu).toEqual(expectedMenu(status));
      expect(attached.icon).toMatch(/tray-running\.png$/);
      expect(existsSync(attached.icon)).toBe(true);

      // electron-log registers its own IPC handler when imported; everything the app does comes after the lock.
      const appReports = app.reports.filter((report) => !(report.type === 'ipc-handle' && report.channel === '__ELECTRON_LOG__'));
      expect(appReports[0]).toEqual({ type: 'lock', acquired: true });
      const index = (api: string) => appReports.findIndex((report) => report.type === 'call' && report.api === api);
      expect(index('protocol.registerSchemesAsPrivileged')).toBeGreaterThan(0);
      expect(index('app.ready')).toBeGreaterThan(index('protocol.registerSchemesAsPrivileged'));

      // Take over (in the same test: the launcher kills survivors between tests, the other gateway included).
      const since = app.reports.length;
      app.clickTray('take-over');
      const running = await app.waitForReport('tray', (report) => statusLine(report.menu).startsWith('Gateway running'), { since });
      expect(statusLine(running.menu)).toBe(`Gateway running on 127.0.0.1:${port} · 0 clients`);
      expect(running.menu).toEqual(expectedMenu({ state: 'running', url, port, clients: 0 }));
      expect(await headless.exited).toEqual({ code: 0, signal: null });
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'Stop, Start and Restart change the status the tray shows',
    async () => {
      let since = app.reports.length;
      app.clickTray('stop');
      const stopped = await app.waitForReport('tray', (report) => statusLine(report.menu) === 'Gateway stopped', { since });
      expect(stopped.menu).toEqual(expectedMenu({ state: 'stopped' }));
      await expect(httpRequest(`${url}health`)).rejects.toThrow(/ECONNREFUSED/);

      since = app.reports.length;
      app.clickTray('start');
      await app.waitForReport('tray', (report) => statusLine(report.menu).startsWith('Gateway running'), { since });
      expect((await httpRequest(`${url}health`)).status).toBe(200);

      since = app.reports.length;
      const pidBefore = ((await httpRequest(`${url}health`)).json as { pid: number }).pid;
      app.clickTray('restart');
      const starting = await app.waitForReport('tray', (report) => statusLine(report.menu) === 'Gateway starting…', { since });
      await app.waitForReport('tray', (report) => statusLine(report.menu).startsWith('Gateway running'), { since: app.reports.indexOf(starting) });
      // Same process (the app's), a new listener: the health answer comes from the restarted gateway.
      expect(((await httpRequest(`${url}health`)).json as { pid: number }).pid).toBe(pidBefore);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'Open dashboard loads the gateway URL in a sandboxed window, and the preload\'s token authenticates',
    async () => {
      const since = app.reports.length;
      app.clickTray('open-dashboard');
      const created = await app.waitForReport('window-created', () => true, { since });
      expect(created).toMatchObject({ title: 'OpenClaw Desktop', sandbox: true, contextIsolation: true, alwaysOnTop: false });
      expect(created.preload).toBe(path.join(PROJECT_ROOT, 'dist', 'preload', 'preload.cjs'));
      const load = await app.waitForReport('window-load', (report) => report.webContentsId === created.webContentsId, { since });
      expect(load.url).toBe(url);
      expect(load.status).toBe(200);
      expect(load.csp).toContain("default-src 'none'");
      await app.waitForReport('window-shown', (report) => report.webContentsId === created.webContentsId, { since });

      // What the page gets through window.openclawDesktop.getGatewayInfo().
      const info = GatewayInfoSchema.parse(await app.invoke('gateway.get_info'));
      expect(info.url).toBe(url);
      expect(info.status).toMatchObject({ state: 'running', port });
      const token = info.token ?? '';
      expect(token.length).toBeGreaterThan(20);
      // From another address (not local-direct), only the token gets in.
      const withToken = await httpRequest(`${url}api/health`, { localAddress: REMOTE_ADDRESS, headers: { Authorization: `Bearer ${token}` } });
      expect(withToken.status).toBe(200);
      expect((await httpRequest(`${url}api/health`, { localAddress: REMOTE_ADDRESS })).status).toBe(401);
      expect((await httpRequest(`${url}api/health`, { localAddress: REMOTE_ADDRESS, headers: { Authorization: `Bearer ${token}x` } })).status).toBe(401);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'Open config file creates the commented starter file and opens it',
    async () => {
      expect(existsSync(state.configPath)).toBe(false);
      const since = app.reports.length;
      app.clickTray('open-config');
      const opened = await app.waitForReport('shell', (report) => report.action === 'openPath', { since });
      expect(opened.target).toBe(state.configPath);
      expect(await readFile(state.configPath, 'utf8')).toBe(STARTER_CONFIG_YAML);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'a new desktop.quick_chat_shortcut saved in the file is registered at once, and the old one released',
    async () => {
      const since = app.reports.length;
      await state.writeConfig('desktop:\n  quick_chat_shortcut: Ctrl+Alt+K\n');
      await app.waitForReport('global-shortcut-released', (report) => report.accelerator === 'Alt+Shift+Space', { since });
      const registered = await app.waitForReport('global-shortcut', (report) => report.accelerator === 'Ctrl+Alt+K', { since });
      expect(registered.registered).toBe(true);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'a failing Telegram bot notifies; its Open, pressed after a garbage collection, opens the dashboard on /channels',
    async () => {
      const botApi = await startFakeBotApi();
      try {
        const since = app.reports.length;
        // A token the Bot API does not know: getMe answers 401 and the bot fails.
        await state.writeConfig(`desktop:\n  quick_chat_shortcut: Ctrl+Alt+K\ntelegram:\n  enabled: true\n  bot_token: "999:NOT-A-BOT"\n  api_root: ${botApi.url}\n`);
        const shown = await app.waitForReport('notification', (report) => /^Telegram bot .+ failed$/.test(report.title), { since });
        expect(shown.actions).toEqual(['Open']);
        // Electron lets go of a notification nobody holds, and its buttons then do nothing: the app must hold it.
        app.pressNotificationButton(shown.title, 0);
        const pressed = await app.waitForReport('notification-action', () => true, { since });
        expect(pressed.delivered).toBe(true);
        const load = await app.waitForReport('window-load', (report) => report.url === `${url}channels`, { since });
        expect(load.status).toBe(200);
        await app.waitForReport('window-shown', (report) => report.webContentsId === load.webContentsId, { since });
      } finally {
        await botApi.close();
      }
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'the desktop log is readable over IPC, parsed and newest last',
    async () => {
      const log = (await app.invoke('logs.read_desktop')) as { file: string; lines: { time: string; level: string; message: string }[] };
      expect(log.file).toBe(path.join(state.dir, 'logs', 'desktop.log'));
      expect(log.lines.some((line) => line.level === 'info' && line.message.startsWith('OpenClaw Desktop 0.1.0 starting'))).toBe(true);
      expect(log.lines.at(-1)?.time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'a second launch hands over to the running app, which shows its window, and exits without starting anything',
    async () => {
      const since = app.reports.length;
      const second = launchDesktopApp({ env: env(), userData });
      await second.waitForReport('lock', () => true);
      expect(await second.exited).toEqual({ code: 0, signal: null });
      expect(second.reports.find((report) => report.type === 'lock')).toEqual({ type: 'lock', acquired: false });
      expect(second.reports.some((report) => report.type === 'tray' || report.type === 'window-created')).toBe(false);
      await app.waitForReport('second-instance', () => true, { since });
      await app.waitForReport('window-shown', () => true, { since });
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'Quit waits for the ordered shutdown: clients are told the gateway is going away, then the window and tray go, then the app exits',
    async () => {
      const info = GatewayInfoSchema.parse(await app.invoke('gateway.get_info'));
      const { client } = await TestClient.connect(url, { auth: { token: info.token } }, { localAddress: REMOTE_ADDRESS });
      const since = app.reports.length;
      app.clickTray('quit');
      expect(await app.exited).toEqual({ code: 0, signal: null });
      expect((await client.closed).code).toBe(1001);
      const sequence = app.reports
        .slice(since)
        .filter((report) => ['app-event', 'window-destroyed', 'tray-destroyed', 'exit'].includes(report.type))
        .map((report) => (report.type === 'app-event' ? `${report.name}${report.prevented ? ' (held)' : ''}` : report.type));
      expect(sequence).toEqual(['before-quit (held)', 'window-destroyed', 'tray-destroyed', 'before-quit', 'will-quit', 'quit', 'exit']);
      await expect(httpRequest(`${url}health`)).rejects.toThrow(/ECONNREFUSED/);
    },
    STEP_TIMEOUT_MS,
  );
});
