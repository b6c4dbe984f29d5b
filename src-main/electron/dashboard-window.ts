// Electron wiring for the dashboard window: applies window.ts's decisions to a real BrowserWindow.
import { BrowserWindow, shell, type Session } from 'electron';
import { resolveStatusUrl, type RuntimeStatus } from '../../src-shared/protocol/runtime-status.js';
import { describeError } from '../../src-shared/utils/common.js';
import {
  createDashboardWindowOptions,
  resolveNavigation,
  resolveDashboardUrl,
  resolveOrigin,
  resolvePermission,
  resolveResponseCsp,
  resolveTrustedOrigins,
  resolveWindowOpen,
  STATUS_PAGE_URL,
} from './window.js';

export interface DashboardWindowLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface DashboardWindow {
  /** Creates the window when needed, loads what fits the current status (the dashboard at `path`, when given) and brings it to the front. */
  show(path?: string): void;
  /** Follows a status change: the dashboard while a gateway answers (running or attached), the status page otherwise. */
  update(status: RuntimeStatus): void;
  /** Sends a push to the page when the window exists. */
  send(channel: string, payload: unknown): void;
  webContentsId(): number | undefined;
  trustedOrigins(): string[];
  /** Destroys the window for real (the close button only hides it). */
  close(): Promise<void>;
}

// The app's own gateway or the one it attached to: the window shows whichever answers.
const gatewayUrlOf = resolveStatusUrl;

/**
 * Sets up the dashboard window (created on first show, hidden rather than destroyed on close)
 * and the session-wide policies it relies on: the dashboard CSP on the gateway's responses and
 * a permission handler that refuses everything but clipboard writes.
 */
export function setupDashboardWindow(options: {
  preloadPath: string;
  iconPath?: string;
  session: Session;
  getStatus: () => RuntimeStatus;
  log: DashboardWindowLog;
}): DashboardWindow {
  let window: BrowserWindow | undefined;
  let closing = false;
  const trustedOrigins = (): string[] => resolveTrustedOrigins(gatewayUrlOf(options.getStatus()));

  options.session.webRequest.onHeadersReceived((details, callback) => {
    const gatewayUrl = gatewayUrlOf(options.getStatus());
    const csp = resolveResponseCsp(details.url, gatewayUrl === undefined ? undefined : resolveOrigin(gatewayUrl));
    if (csp === undefined) {
      callback({});
      return;
    }
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  options.session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    callback(resolvePermission(permission, details.requestingUrl, trustedOrigins()));
  });
  options.session.setPermissionCheckHandler((_webContents, permission, requestingOrigin) =>
    resolvePermission(permission, requestingOrigin, trustedOrigins()),
  );

  function load(target: BrowserWindow, status: RuntimeStatus, path?: string): void {
    const gatewayUrl = gatewayUrlOf(status);
    const url = gatewayUrl === undefined ? STATUS_PAGE_URL : resolveDashboardUrl(gatewayUrl, path);
    const current = target.webContents.getURL();
    // The status page is rendered per status, so it reloads; the dashboard keeps its own state
    // unless asked for a page of its own (a notification's Open).
    if (current && resolveOrigin(current) === resolveOrigin(url) && url !== STATUS_PAGE_URL && (path === undefined || current === url)) return;
    target.loadURL(url).catch((error: unknown) => {
      options.log.warn(`Dashboard window could not load ${url}: ${describeError(error)}`);
    });
  }

  function openExternal(url: string): void {
    shell.openExternal(url).catch((error: unknown) => {
      options.log.warn(`Could not open ${url} in the browser: ${describeError(error)}`);
    });
  }

  function create(path?: string): BrowserWindow {
    const created = new BrowserWindow(
      createDashboardWindowOptions({
        preloadPath: options.preloadPath,
        ...(options.iconPath ? { iconPath: options.iconPath } : {}),
      }),
    );
    const { webContents } = created;
    webContents.setWindowOpenHandler(({ url }) => {
      const decision = resolveWindowOpen(url);
      if (decision.openExternal) openExternal(decision.openExternal);
      return { action: decision.action };
    });
    const guard = (event: { preventDefault(): void }, url: string): void => {
      const decision = resolveNavigation(url, trustedOrigins());
      if (decision.action === 'allow') return;
      event.preventDefault();
      if (decision.action === 'open-external') openExternal(decision.url);
      else options.log.warn(`Blocked navigation to ${url}`);
    };
    webContents.on('will-navigate', (event) => guard(event, event.url));
    webContents.on('will-frame-navigate', (event) => {
      if (!event.isMainFrame) guard(event, event.url);
    });
    webContents.on('will-redirect', (event) => guard(event, event.url));
    webContents.on('will-attach-webview', (event) => event.preventDefault());
    webContents.on('did-fail-load', (_event, code, description, url, isMainFrame) => {
      if (isMainFrame) options.log.warn(`Dashboard window failed to load ${url}: ${description} (${code})`);
    });
    created.on('close', (event) => {
      // A tray app: closing the window only hides it, until the app quits.
      if (closing) return;
      event.preventDefault();
      created.hide();
    });
    created.once('ready-to-show', () => created.show());
    load(created, options.getStatus(), path);
    return created;
  }

  return {
    show(path) {
      if (window === undefined || window.isDestroyed()) {
        window = create(path);
        return;
      }
      if (path !== undefined) load(window, options.getStatus(), path);
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    },
    update(status) {
      if (window !== undefined && !window.isDestroyed()) load(window, status);
    },
    send(channel, payload) {
      if (window !== undefined && !window.isDestroyed()) window.webContents.send(channel, payload);
    },
    webContentsId() {
      return window !== undefined && !window.isDestroyed() ? window.webContents.id : undefined;
    },
    trustedOrigins,
    async close() {
      closing = true;
      if (window !== undefined && !window.isDestroyed()) window.destroy();
      window = undefined;
    },
  };
}
