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
import { requestGatewayMethod } from '../core/attach/gateway-request.js';
import { createLifecycleController } from '../core/lifecycle.js';
import { createRuntime } from '../core/runtime.js';
import { readBuiltInFeedUrl, readUpdateFeed } from '../core/update/update-feed.js';
import type { UpdateState } from '../../src-shared/desktop-update.js';
import { DesktopConfigSchema, type DesktopConfig } from '../../src-shared/config/schema.js';
import { setupDashboardWindow } from './dashboard-window.js';
import { startDesktopConfig } from './desktop-config.js';
import {
  DESKTOP_LOG_FILE_NAME,
  ensureConfigFile,
  resolveDesktopFiles,
  resolveStartOnLaunch,
  type DesktopFiles,
} from './desktop-files.js';
import { readDesktopLog } from './desktop-log.js';
import { createIpcHandlers, isTrustedIpcSender, setupIpc } from './ipc.js';
import { resolveEventNotifications, resolveStatusNotifications, resolveUpdateNotifications, type NotificationAction } from './notification-policy.js';
import { setupNotifications } from './notifications.js';
import { setupQuickChat } from './quick-chat.js';
import { createUpdateInstaller } from './update-installer.js';
import { readUpdateMarker, removeUpdateMarker, UPDATE_MARKER_FILE_NAME, writeUpdateMarker } from './update-marker.js';
import {
  resolvePostUpdateOutcome,
  resolveRestartToUpdate,
  resolveUpdateSettings,
  resolveUpdateTrayVersion,
} from './update-policy.js';
import { startUpdater, type UpdateInstaller } from './updater.js';
import { resolveStatusPageResponse } from './status-page.js';
import { setupTray, type TrayHandle } from './tray.js';
import { resolveTrayIconPath, type TrayMenuActions, type TrayMenuState } from './tray-menu.js';
import { STATUS_PAGE_SCHEME } from './window.js';

const APP_USER_MODEL_ID = 'ai.openclaw.desktop';
// desktop.log holds the same kind of lines as the gateway log (pairing codes, names, ids): owner only.
const DESKTOP_LOG_FILE_MODE = 0o600;
// The runtime reports client counts on demand only; the tray re-reads them this often.
const STATUS_REFRESH_INTERVAL_MS = 5_000;
// A postponed "Restart to update" re-reads runtime.activity() this often: a stateless /v1 stream
// ends without any event to wait for.
const RESTART_WHEN_IDLE_POLL_MS = 1_000;

// Module scope on purpose: a Tray that only a closure references can be garbage-collected,
// and its icon then vanishes from the menu bar.
let tray: TrayHandle | undefined;

async function readDesktopFiles(env: NodeJS.ProcessEnv): Promise<{ files: DesktopFiles; startOnLaunch: boolean; desktop: DesktopConfig }> {
  const snapshot = await readConfigFileSnapshot(resolveConfigPath(env), env);
  // An invalid file still gets the defaults here: the gateway reports the problem itself.
  const desktop = (snapshot.valid ? snapshot.config?.desktop : undefined) ?? DesktopConfigSchema.parse({});
  return { files: resolveDesktopFiles(snapshot, env), startOnLaunch: resolveStartOnLaunch(snapshot), desktop };
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
  const { files, startOnLaunch, desktop } = await readDesktopFiles(env);
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
  const preloadPath = path.join(app.getAppPath(), 'dist', 'preload', 'preload.cjs');
  const window = setupDashboardWindow({
    preloadPath,
    session: session.defaultSession,
    getStatus: () => controller.status(),
    log,
  });

  protocol.handle(STATUS_PAGE_SCHEME, async (request) => {
    const { files: current } = await readDesktopFiles(env);
    const response = resolveStatusPageResponse(request.url, { ...current, status: controller.status() });
    return new Response(response.body, { status: response.status, headers: response.headers });
  });

  // Notifications consult it on every gateway event: kept in memory, re-read when the gateway reloads it.
  const desktopConfig = startDesktopConfig({
    initial: desktop,
    read: async () => (await readDesktopFiles(env)).desktop,
    onEvent: (listener) => runtime.onEvent(listener),
    log,
  });

  const quickChat = setupQuickChat({
    accelerator: desktop.quick_chat_shortcut,
    preloadPath,
    getGatewayUrl: () => resolveStatusUrl(controller.status()),
    log,
  });

  const runNotificationAction = (action: NotificationAction): void => {
    if (action.kind === 'open_dashboard') {
      window.show(action.path);
      return;
    }
    const url = resolveStatusUrl(controller.status());
    if (url === undefined) return;
    const { hostname, port } = new URL(url);
    const token = controller.status().state === 'attached' ? undefined : desktopToken;
    requestGatewayMethod({ host: hostname, port: Number(port), method: 'pairing.approve', params: { code: action.code }, ...(token ? { token } : {}) })
      .then(() => log.info(`Approved Telegram pairing ${action.code} from a notification`))
      .catch((error: unknown) => log.error(`Could not approve pairing ${action.code}: ${describeError(error)}`));
  };
  const notifications = setupNotifications({ now: Date.now, onAction: runNotificationAction });
  const report = (what: string) => (error: unknown) => log.error(`${what} failed: ${describeError(error)}`);

  // electron-updater installs over the packaged app only; a development build checks, never installs.
  const installer: UpdateInstaller | undefined = app.isPackaged
    ? createUpdateInstaller({ updater: (await import('electron-updater')).default.autoUpdater, log })
    : undefined;
  const updateMarkerFile = path.join(app.getPath('userData'), UPDATE_MARKER_FILE_NAME);
  const updateMarker = await readUpdateMarker(updateMarkerFile);
  // Set when the first launch after an update could not start the gateway: the update is not tried again this run.
  let updatesPaused: string | undefined;
  let updateState: UpdateState = { state: 'idle' };
  const updater = startUpdater({
    currentVersion: app.getVersion(),
    settings: async () =>
      updatesPaused !== undefined
        ? { enabled: false, reason: updatesPaused }
        : resolveUpdateSettings({
            config: desktopConfig.current().update,
            builtInUrl: await readBuiltInFeedUrl(process.resourcesPath),
            packaged: app.isPackaged,
          }),
    readFeed: (settings) => readUpdateFeed({ baseUrl: settings.url, channel: settings.channel, platform: process.platform, arch: process.arch }),
    ...(installer === undefined ? {} : { installer }),
    now: Date.now,
    onState: (next) => {
      const previous = updateState;
      updateState = next;
      tray?.update(trayState());
      window.send(DESKTOP_EVENTS.onUpdateState.channel, next);
      if (next.state === 'ready' && previous.state !== 'ready') {
        writeUpdateMarker(updateMarkerFile, { from: app.getVersion(), to: next.version }).catch(report('Remembering the downloaded update'));
      }
      notifications.show(resolveUpdateNotifications(previous, next, desktopConfig.current().notifications));
    },
    log,
  });
  // Set while "Restart to update" waits for the runs and config writes in flight to end.
  let restartWhenIdle: NodeJS.Timeout | undefined;
  const stopWaitingToRestart = (): void => {
    clearInterval(restartWhenIdle);
    restartWhenIdle = undefined;
  };
  const restartToUpdate = (): void => {
    const decision = resolveRestartToUpdate(updateState, runtime.activity());
    if (decision.action === 'wait') {
      if (updateState.state !== 'ready') {
        stopWaitingToRestart();
        return;
      }
      if (restartWhenIdle === undefined) {
        log.info(`Restart to update postponed: ${decision.reason}`);
        restartWhenIdle = setInterval(restartToUpdate, RESTART_WHEN_IDLE_POLL_MS);
      }
      return;
    }
    stopWaitingToRestart();
    void controller.quit().then(() => {
      log.info(`Restarting to install ${updateState.state === 'ready' ? updateState.version : 'the update'}`);
      installer?.installNow();
      // The updater quits by itself; quitting here too covers an install it refused (it then installs on quit).
      app.quit();
    });
  };
  runtime.onEvent((event) => notifications.show(resolveEventNotifications(event, desktopConfig.current().notifications)));
  // Settings says "Applied live" for desktop.* too: the shortcut and the update checks follow a change.
  desktopConfig.onChange((next, previous) => {
    if (next.quick_chat_shortcut !== previous.quick_chat_shortcut) quickChat.setAccelerator(next.quick_chat_shortcut);
    if (JSON.stringify(next.update) !== JSON.stringify(previous.update)) updater.reschedule().catch(report('Rescheduling the update checks'));
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
      readDesktopLog: () => readDesktopLog({ file: desktopLogFile, scrub: (text) => runtime.scrub(text) }),
      getUpdateState: () => updateState,
      checkForUpdates: () => updater.checkNow(),
    }),
    isTrusted: (sender) =>
      [window.webContentsId(), quickChat.webContentsId()].some((webContentsId) => isTrustedIpcSender(sender, { webContentsId, origins: window.trustedOrigins() })),
    onRejected: (channel, sender) => log.warn(`Refused IPC ${channel} from ${sender.frameUrl ?? 'an unknown frame'}`),
  });

  const launchAtLoginSupported = process.platform === 'darwin' || process.platform === 'win32';
  const trayState = (status: RuntimeStatus = controller.status()): TrayMenuState => {
    const updateReadyVersion = resolveUpdateTrayVersion(updateState);
    return {
      status,
      launchAtLoginSupported,
      launchAtLogin: launchAtLoginSupported && app.getLoginItemSettings().openAtLogin,
      ...(updateReadyVersion === undefined ? {} : { updateReadyVersion }),
    };
  };
  const actions: TrayMenuActions = {
    startGateway: () => void controller.start(),
    stopGateway: () => void controller.stop(),
    restartGateway: () => void controller.restart(),
    takeOver: () => void controller.takeOver(),
    useAnotherPort: () => void controller.useAnotherPort(),
    restartToUpdate,
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

  // The first launch after an update is judged on its first gateway start: a failure is shown, not retried.
  let pendingUpdateMarker = updateMarker;
  const judgeUpdate = (status: RuntimeStatus): void => {
    if (pendingUpdateMarker === undefined || (status.state !== 'running' && status.state !== 'attached' && status.state !== 'failed')) return;
    const outcome = resolvePostUpdateOutcome({
      marker: pendingUpdateMarker,
      currentVersion: app.getVersion(),
      gatewayFailure: status.state === 'failed' ? status.reason : undefined,
    });
    pendingUpdateMarker = undefined;
    removeUpdateMarker(updateMarkerFile).catch(report(`Removing ${updateMarkerFile}`));
    if (outcome.kind === 'updated') log.info(`Updated from ${outcome.from} to ${outcome.to}`);
    if (outcome.kind !== 'failed_after_update') return;
    log.error(outcome.message);
    updatesPaused = outcome.message;
    updater.report({ state: 'disabled', reason: outcome.message });
  };

  let previousStatus = controller.status();
  controller.onStatus((status) => {
    const previous = previousStatus;
    previousStatus = status;
    judgeUpdate(status);
    notifications.show(resolveStatusNotifications(previous, status, desktopConfig.current().notifications));
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
  controller.addQuitStep(() => quickChat.close());
  controller.addQuitStep(() => updater.close());
  controller.addQuitStep(() => ipc.close());
  controller.addQuitStep(() => desktopConfig.close());
  controller.addQuitStep(() => clearInterval(refreshTimer));
  controller.addQuitStep(stopWaitingToRestart);
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
