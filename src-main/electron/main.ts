// The Electron composition root: wires the same runtime the headless CLI uses to the tray, the
// dashboard window and IPC. Every decision lives in a pure module next to this one.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { app, clipboard, ipcMain, protocol, session, shell } from 'electron';
import log from 'electron-log/main';
import { DESKTOP_EVENTS } from '../../src-shared/desktop-api.js';
import { resolveStatusUrl, type RuntimeStatus } from '../../src-shared/protocol/runtime-status.js';
import { describeError } from '../../src-shared/utils/common.js';
import { readConfigFileSnapshot } from '../core/config/loader.js';
import { resolveConfigPath } from '../core/config/paths.js';
import { writeGatewayPort } from '../core/config/write-gateway-port.js';
import { createLifecycleController } from '../core/lifecycle.js';
import { createRuntime } from '../core/runtime.js';
import { setupDashboardWindow } from './dashboard-window.js';
import {
  DESKTOP_LOG_FILE_NAME,
  ensureConfigFile,
  resolveDesktopFiles,
  resolveStartOnLaunch,
  type DesktopFiles,
} from './desktop-files.js';
import { createIpcHandlers, isTrustedIpcSender, setupIpc } from './ipc.js';
import { resolveStatusPageResponse } from './status-page.js';
import { setupTray, type TrayHandle } from './tray.js';
import { resolveTrayIconPath, type TrayMenuActions, type TrayMenuState } from './tray-menu.js';
import { STATUS_PAGE_SCHEME } from './window.js';

const APP_USER_MODEL_ID = 'ai.openclaw.desktop';
// desktop.log holds the same kind of lines as the gateway log (pairing codes, names, ids): owner only.
const DESKTOP_LOG_FILE_MODE = 0o600;
// The runtime reports client counts on demand only; the tray re-reads them this often.
const STATUS_REFRESH_INTERVAL_MS = 5_000;

// Module scope on purpose: a Tray that only a closure references can be garbage-collected,
// and its icon then vanishes from the menu bar.
let tray: TrayHandle | undefined;

async function readDesktopFiles(env: NodeJS.ProcessEnv): Promise<{ files: DesktopFiles; startOnLaunch: boolean }> {
  const snapshot = await readConfigFileSnapshot(resolveConfigPath(env), env);
  return { files: resolveDesktopFiles(snapshot, env), startOnLaunch: resolveStartOnLaunch(snapshot) };
}

async function openPathOrReveal(target: string): Promise<void> {
  const failure = await shell.openPath(target);
  if (failure === '') return;
  // No app is registered for the file type (common for .yaml): show it in the file manager instead.
  log.warn(`Could not open ${target}: ${failure}; revealing it instead`);
  shell.showItemInFolder(target);
}

async function startDesktop(): Promise<void> {
  const env = process.env;
  const { files, startOnLaunch } = await readDesktopFiles(env);
  const desktopLogFile = path.join(files.logsDir, DESKTOP_LOG_FILE_NAME);
  log.transports.file.resolvePathFn = () => desktopLogFile;
  // Like the gateway log (it holds the same kind of lines): the owner's alone, also when re-created after a rotation.
  log.transports.file.writeOptions = { flag: 'a', mode: DESKTOP_LOG_FILE_MODE, encoding: 'utf8' };
  await chmod(desktopLogFile, DESKTOP_LOG_FILE_MODE).catch((error: unknown) => {
    // Not there yet: it is created with the mode. Anything else is said in the log itself.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log.warn(`Could not make ${desktopLogFile} private (mode 0600): ${describeError(error)}`);
  });
  log.errorHandler.startCatching({ showDialog: false });
  log.info(`OpenClaw Desktop ${app.getVersion()} starting; config ${files.configPath}`);
  if (process.platform === 'darwin') app.dock?.hide();
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);

  // Handed to the dashboard through the preload so it can authenticate without relying on local-direct.
  const desktopToken = randomBytes(32).toString('base64url');
  const runtime = createRuntime({ env, extraTokens: [desktopToken] });
  // Every desktop log line (an uncaught error too) passes the gateway's scrubber, as the gateway log does.
  log.hooks.push((message) => ({
    ...message,
    data: message.data.map((item: unknown) => {
      if (typeof item === 'string') return runtime.scrub(item);
      return item instanceof Error ? runtime.scrub(item.stack ?? item.message) : item;
    }),
  }));
  const controller = createLifecycleController({
    runtime,
    log,
    attach: {
      platform: process.platform,
      writeGatewayPort: async (port) => writeGatewayPort({ configPath: (await readDesktopFiles(env)).files.configPath, env, port }),
    },
  });
  const window = setupDashboardWindow({
    preloadPath: path.join(app.getAppPath(), 'dist', 'preload', 'preload.cjs'),
    session: session.defaultSession,
    getStatus: () => controller.status(),
    log,
  });

  protocol.handle(STATUS_PAGE_SCHEME, async (request) => {
    const { files: current } = await readDesktopFiles(env);
    const response = resolveStatusPageResponse(request.url, { ...current, status: controller.status() });
    return new Response(response.body, { status: response.status, headers: response.headers });
  });

  const openConfigFile = async (): Promise<void> => {
    const { configPath } = (await readDesktopFiles(env)).files;
    if (await ensureConfigFile(configPath)) log.info(`Created ${configPath}`);
    await openPathOrReveal(configPath);
  };
  const openLogsFolder = async (): Promise<void> => {
    const { logsDir } = (await readDesktopFiles(env)).files;
    await mkdir(logsDir, { recursive: true, mode: 0o700 });
    await openPathOrReveal(logsDir);
  };
  const ipc = setupIpc({
    ipcMain,
    handlers: createIpcHandlers({
      getGatewayInfo: () => {
        const status = controller.status();
        return { status, url: resolveStatusUrl(status) ?? null, token: status.state === 'attached' ? null : desktopToken };
      },
      startGateway: async () => {
        await controller.start();
      },
      openConfigFile,
      openLogsFolder,
    }),
    isTrusted: (sender) => isTrustedIpcSender(sender, { webContentsId: window.webContentsId(), origins: window.trustedOrigins() }),
    onRejected: (channel, sender) => log.warn(`Refused IPC ${channel} from ${sender.frameUrl ?? 'an unknown frame'}`),
  });

  const launchAtLoginSupported = process.platform === 'darwin' || process.platform === 'win32';
  const trayState = (status: RuntimeStatus = controller.status()): TrayMenuState => ({
    status,
    launchAtLoginSupported,
    launchAtLogin: launchAtLoginSupported && app.getLoginItemSettings().openAtLogin,
  });
  const report = (what: string) => (error: unknown) => log.error(`${what} failed: ${describeError(error)}`);
  const actions: TrayMenuActions = {
    startGateway: () => void controller.start(),
    stopGateway: () => void controller.stop(),
    restartGateway: () => void controller.restart(),
    takeOver: () => void controller.takeOver(),
    useAnotherPort: () => void controller.useAnotherPort(),
    restartToUpdate: () => undefined,
    openDashboard: () => window.show(),
    copyDashboardUrl: () => {
      const url = resolveStatusUrl(controller.status());
      if (url !== undefined) clipboard.writeText(url);
    },
    openConfigFile: () => void openConfigFile().catch(report('Open config file')),
    openLogsFolder: () => void openLogsFolder().catch(report('Open logs folder')),
    setLaunchAtLogin: (enabled) => {
      app.setLoginItemSettings({ openAtLogin: enabled });
      tray?.update(trayState());
    },
    quit: () => app.quit(),
  };
  tray = setupTray({
    state: trayState(),
    actions,
    platform: process.platform,
    resolveIconPath: ({ status }) =>
      resolveTrayIconPath({
        status,
        platform: process.platform,
        packaged: app.isPackaged,
        resourcesPath: process.resourcesPath,
        appPath: app.getAppPath(),
      }),
  });

  controller.onStatus((status) => {
    if (status.state === 'failed') log.error(`Gateway failed (${status.code}): ${status.reason}`);
    else log.info(`Gateway ${status.state}${resolveStatusUrl(status) === undefined ? '' : ` on ${resolveStatusUrl(status)}`}`);
    tray?.update(trayState(status));
    window.update(status);
    window.send(DESKTOP_EVENTS.onStatus.channel, status);
  });
  const refreshTimer = setInterval(() => controller.refresh(), STATUS_REFRESH_INTERVAL_MS);

  app.on('second-instance', () => window.show());

  // Run after the runtime has closed, last-added first: the tray goes last.
  controller.addQuitStep(async () => {
    await tray?.close();
    tray = undefined;
  });
  controller.addQuitStep(() => window.close());
  controller.addQuitStep(() => ipc.close());
  controller.addQuitStep(() => clearInterval(refreshTimer));
  // The first before-quit is held until the controller's bounded quit is done, then quits for real.
  app.on('before-quit', (event) => {
    if (controller.quitState() === 'done') return;
    event.preventDefault();
    if (controller.quitState() === 'running') void controller.quit().finally(() => app.quit());
  });

  if (startOnLaunch) void controller.start();
  else log.info('desktop.start_gateway_on_launch is false; the gateway waits for Start in the tray');
}

function main(): void {
  // A second launch hands over to the running instance (which shows its window) and exits.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  // Must happen before ready: gives the status page a real origin, so the CSP's 'self' and the
  // IPC sender check work for it.
  protocol.registerSchemesAsPrivileged([{ scheme: STATUS_PAGE_SCHEME, privileges: { standard: true, secure: true } }]);
  // A tray app keeps running with no window open.
  app.on('window-all-closed', () => undefined);
  app
    .whenReady()
    .then(startDesktop)
    .catch((error: unknown) => {
      log.error(`OpenClaw Desktop could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      app.exit(1);
    });
}

main();
