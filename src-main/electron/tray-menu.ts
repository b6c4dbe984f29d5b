import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { resolveStatusUrl, type RuntimeStatus } from '../../src-shared/protocol/runtime-status.js';

// The tray's content as pure functions of the gateway status: tray.ts rebuilds the menu,
// tooltip and icon from these on every status change.

export interface TrayMenuState {
  status: RuntimeStatus;
  launchAtLogin: boolean;
  /** app.setLoginItemSettings works on macOS and Windows only. */
  launchAtLoginSupported: boolean;
  /** The version of a downloaded update that installs on restart; absent when none is ready. */
  updateReadyVersion?: string;
}

export interface TrayMenuActions {
  startGateway(): void;
  stopGateway(): void;
  restartGateway(): void;
  /** Asks the gateway started outside the app to stop, then starts the app's own. */
  takeOver(): void;
  /** Moves the app's gateway to a free port (gateway.port in the config file) and starts it. */
  useAnotherPort(): void;
  /** Quits and installs the downloaded update. */
  restartToUpdate(): void;
  openDashboard(): void;
  copyDashboardUrl(): void;
  openConfigFile(): void;
  openLogsFolder(): void;
  setLaunchAtLogin(enabled: boolean): void;
  quit(): void;
}

const MAX_REASON_CHARS = 80;
// Windows truncates tray tooltips at 127 characters.
const MAX_TOOLTIP_CHARS = 127;

function firstLine(text: string, maxChars: number): string {
  const line = (text.split(/\r?\n/, 1)[0] ?? '').trim();
  return line.length > maxChars ? `${line.slice(0, maxChars - 1)}…` : line;
}

/** Returns the status line: "Gateway running on 127.0.0.1:18789 · 3 clients", "Gateway failed: <reason>", … */
export function resolveTrayStatusLine(status: RuntimeStatus): string {
  switch (status.state) {
    case 'stopped':
      return 'Gateway stopped';
    case 'starting':
      return 'Gateway starting…';
    case 'running': {
      const clients = `${status.clients} ${status.clients === 1 ? 'client' : 'clients'}`;
      return `Gateway running on ${resolveHostPort(status.url, status.port)} · ${clients}`;
    }
    case 'attached':
      return `Attached to the gateway on ${resolveHostPort(status.url, status.port)} (started outside the app)`;
    case 'failed': {
      if (isPortTaken(status)) {
        const holder = status.holder ? `${status.holder.command ?? 'a program'} (pid ${status.holder.pid})` : 'another program';
        return `Port ${status.port} is in use by ${holder}`;
      }
      return `Gateway failed: ${firstLine(status.reason, MAX_REASON_CHARS)}`;
    }
  }
}

/** A start that failed because something that is not an OpenClaw gateway holds the port. */
function isPortTaken(status: RuntimeStatus): status is Extract<RuntimeStatus, { state: 'failed' }> & { port: number } {
  return status.state === 'failed' && status.code === 'port_in_use' && status.port !== undefined;
}

function resolveHostPort(url: string, port: number): string {
  try {
    return new URL(url).host;
  } catch {
    // The runtime always reports a full URL; fall back to the loopback default rather than throw in a menu.
    return `127.0.0.1:${port}`;
  }
}

/**
 * Returns one line per Telegram bot while the gateway runs with telegram enabled: "Telegram @bot: running",
 * "Telegram default: failed: invalid bot token", "Telegram @bot: running: privacy mode is on: …" (a hint).
 */
export function resolveTrayTelegramLines(status: RuntimeStatus): string[] {
  if (status.state !== 'running' || !status.telegram?.enabled) return [];
  return status.telegram.bots.map((bot) => {
    const name = bot.username ? `@${bot.username}` : bot.account_id;
    const reason = bot.reason && (bot.state === 'failed' || bot.state === 'retrying') ? bot.reason : bot.state === 'running' ? bot.hint : undefined;
    return `Telegram ${name}: ${bot.state}${reason ? `: ${firstLine(reason, MAX_REASON_CHARS)}` : ''}`;
  });
}

/** Returns the tray tooltip: the product name and the status line, within Windows' 127-character limit. */
export function resolveTrayTooltip(status: RuntimeStatus): string {
  const tooltip = `OpenClaw Desktop — ${resolveTrayStatusLine(status)}`;
  return tooltip.length > MAX_TOOLTIP_CHARS ? `${tooltip.slice(0, MAX_TOOLTIP_CHARS - 1)}…` : tooltip;
}

/** The gateway items per status: Take over while attached, Use another port… and Retry when the port is taken, else Start / Stop / Restart. */
function gatewayItems(status: RuntimeStatus, actions: TrayMenuActions): MenuItemConstructorOptions[] {
  if (status.state === 'attached') {
    return [{ id: 'take-over', label: 'Take over', click: () => actions.takeOver() }];
  }
  if (isPortTaken(status)) {
    return [
      { id: 'use-another-port', label: 'Use another port…', click: () => actions.useAnotherPort() },
      { id: 'retry', label: 'Retry', click: () => actions.startGateway() },
    ];
  }
  const running = status.state === 'running';
  return [
    { id: 'start', label: 'Start gateway', enabled: status.state === 'stopped' || status.state === 'failed', click: () => actions.startGateway() },
    { id: 'stop', label: 'Stop gateway', enabled: running || status.state === 'starting', click: () => actions.stopGateway() },
    { id: 'restart', label: 'Restart gateway', enabled: running || status.state === 'failed', click: () => actions.restartGateway() },
  ];
}

/**
 * Returns the tray menu template for a status. Start is offered when nothing runs, Stop while
 * starting or running, Restart when running or after a failure; while attached to a gateway started
 * outside the app, Take over instead; when another program holds the port, Use another port… and
 * Retry. Copy dashboard URL works while a gateway answers; Open dashboard always works (the window
 * explains a stopped or failed gateway). A downloaded update adds "Restart to update to vX".
 */
export function buildTrayMenu(state: TrayMenuState, actions: TrayMenuActions): MenuItemConstructorOptions[] {
  const { status } = state;
  const template: MenuItemConstructorOptions[] = [
    { id: 'status', label: resolveTrayStatusLine(status), enabled: false },
    ...resolveTrayTelegramLines(status).map((label, index): MenuItemConstructorOptions => ({ id: `telegram-${index}`, label, enabled: false })),
    { type: 'separator' },
    ...gatewayItems(status, actions),
    { type: 'separator' },
    { id: 'open-dashboard', label: 'Open dashboard', click: () => actions.openDashboard() },
    { id: 'copy-url', label: 'Copy dashboard URL', enabled: resolveStatusUrl(status) !== undefined, click: () => actions.copyDashboardUrl() },
    { type: 'separator' },
    { id: 'open-config', label: 'Open config file', click: () => actions.openConfigFile() },
    { id: 'open-logs', label: 'Open logs folder', click: () => actions.openLogsFolder() },
  ];
  if (state.launchAtLoginSupported) {
    template.push(
      { type: 'separator' },
      {
        id: 'launch-at-login',
        label: 'Launch at login',
        type: 'checkbox',
        checked: state.launchAtLogin,
        click: () => actions.setLaunchAtLogin(!state.launchAtLogin),
      },
    );
  }
  template.push({ type: 'separator' });
  if (state.updateReadyVersion !== undefined) {
    template.push({ id: 'restart-to-update', label: `Restart to update to v${state.updateReadyVersion}`, click: () => actions.restartToUpdate() });
  }
  template.push({ id: 'quit', label: 'Quit OpenClaw Desktop', click: () => actions.quit() });
  return template;
}

/**
 * Returns the tray icon file name for a status and platform: a template PNG on macOS (tinted by
 * the menu bar), an .ico on Windows, a PNG elsewhere; @2x siblings are picked up by Electron.
 */
export function resolveTrayIconFileName(status: RuntimeStatus, platform: NodeJS.Platform): string {
  // An attached gateway serves like our own: the same icon, the status line tells them apart.
  const icon = status.state === 'attached' ? 'running' : status.state;
  if (platform === 'darwin') return `tray-${icon}-Template.png`;
  if (platform === 'win32') return `tray-${icon}.ico`;
  return `tray-${icon}.png`;
}

/** The icon folder per platform under resources/icons/tray (packaged apps get only theirs, as resources/tray). */
export function resolveTrayIconPlatformDir(platform: NodeJS.Platform): 'mac' | 'win' | 'linux' {
  if (platform === 'darwin') return 'mac';
  if (platform === 'win32') return 'win';
  return 'linux';
}

/**
 * Returns the tray icon's absolute path: `<resourcesPath>/tray/<file>` in a packaged app
 * (electron-builder's extraResources), `<appPath>/resources/icons/tray/<platform>/<file>` in development.
 */
export function resolveTrayIconPath(options: {
  status: RuntimeStatus;
  platform: NodeJS.Platform;
  packaged: boolean;
  resourcesPath: string;
  appPath: string;
}): string {
  const fileName = resolveTrayIconFileName(options.status, options.platform);
  if (options.packaged) return path.join(options.resourcesPath, 'tray', fileName);
  return path.join(options.appPath, 'resources', 'icons', 'tray', resolveTrayIconPlatformDir(options.platform), fileName);
}
