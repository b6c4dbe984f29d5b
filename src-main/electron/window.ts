import type { BrowserWindowConstructorOptions } from 'electron';
import { resolveDashboardHeaderCsp } from '../../src-shared/client/dashboard-csp.js';

// The dashboard window's security decisions as pure functions: dashboard-window.ts applies them
// to a real BrowserWindow and tests call them directly.

/** The privileged scheme that serves the stopped/failed page (see status-page.ts). */
export const STATUS_PAGE_SCHEME = 'openclaw-desktop';
export const STATUS_PAGE_ORIGIN = `${STATUS_PAGE_SCHEME}://app`;
export const STATUS_PAGE_URL = `${STATUS_PAGE_ORIGIN}/status.html`;

/** Returns the dashboard window's options: hidden until ready, sandboxed, context-isolated, no Node in the page. */
export function createDashboardWindowOptions(options: { preloadPath: string; iconPath?: string }): BrowserWindowConstructorOptions {
  return {
    title: 'OpenClaw Desktop',
    width: 1100,
    height: 760,
    minWidth: 640,
    minHeight: 420,
    show: false,
    autoHideMenuBar: true,
    ...(options.iconPath ? { icon: options.iconPath } : {}),
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}

/** Returns the quick chat window's options: small, always on top, frameless to the task bar, with the dashboard window's web preferences. */
export function createQuickChatWindowOptions(options: { preloadPath: string }): BrowserWindowConstructorOptions {
  const dashboard = createDashboardWindowOptions(options);
  return {
    ...dashboard,
    title: 'OpenClaw quick chat',
    width: 440,
    height: 560,
    minWidth: 320,
    minHeight: 320,
    alwaysOnTop: true,
    skipTaskbar: true,
    fullscreenable: false,
  };
}

/** Returns the quick chat URL for a gateway: the Chat route's compact view. */
/** The dashboard page at `path` (a notification's Open: `/channels`) on the gateway; a path that would leave the gateway's origin gives its root. */
export function resolveDashboardUrl(gatewayUrl: string, path = '/'): string {
  const url = new URL(path, gatewayUrl);
  return url.origin === new URL(gatewayUrl).origin ? url.toString() : new URL('/', gatewayUrl).toString();
}

export function resolveQuickChatUrl(gatewayUrl: string): string {
  return new URL('/chat?view=compact', gatewayUrl).toString();
}

export type NavigationDecision = { action: 'allow' } | { action: 'open-external'; url: string } | { action: 'deny' };

/**
 * Returns the URL's origin for http(s) and our status-page scheme (which Chromium treats as a
 * standard scheme but WHATWG URL parsing gives an opaque origin); undefined for anything else.
 */
export function resolveOrigin(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed.origin;
    if (parsed.protocol === `${STATUS_PAGE_SCHEME}:` && parsed.host) return `${parsed.protocol}//${parsed.host.toLowerCase()}`;
    return undefined;
  } catch {
    // Unparsable URLs have no origin; callers treat that as foreign.
    return undefined;
  }
}

function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    // Not a URL at all, so certainly not one to hand to the system browser.
    return false;
  }
}

/**
 * Decides an in-window navigation: our own origins stay in the window, other http(s) links open
 * in the system browser, everything else (file:, javascript:, custom schemes) is denied.
 */
export function resolveNavigation(url: string, allowedOrigins: readonly string[]): NavigationDecision {
  const origin = resolveOrigin(url);
  if (origin !== undefined && allowedOrigins.includes(origin)) return { action: 'allow' };
  if (isWebUrl(url)) return { action: 'open-external', url };
  return { action: 'deny' };
}

// The link schemes the dashboard's Markdown renders besides the web (src-shared/markdown): mail and Telegram links.
const EXTERNAL_APP_SCHEMES = new Set(['mailto:', 'tg:']);

function isAppLink(url: string): boolean {
  try {
    return EXTERNAL_APP_SCHEMES.has(new URL(url).protocol);
  } catch {
    // Not a URL: nothing to hand to another app.
    return false;
  }
}

/**
 * Decides a `window.open` / `target=_blank` request: never a new Electron window; http(s) URLs,
 * ours included, open in the system browser instead, and mailto:/tg: links in the app that handles them.
 */
export function resolveWindowOpen(url: string): { action: 'deny'; openExternal: string | undefined } {
  return { action: 'deny', openExternal: isWebUrl(url) || isAppLink(url) ? url : undefined };
}

/**
 * Returns the Content-Security-Policy the window enforces on every response from the gateway at
 * `gatewayOrigin`: the policy the gateway itself sends with the dashboard (src-shared), so the
 * window is protected even from a gateway that forgets it.
 */
export function buildDashboardCsp(gatewayOrigin: string): string {
  const url = new URL(gatewayOrigin);
  return resolveDashboardHeaderCsp(url.host, url.protocol === 'https:');
}

/** Returns the Content-Security-Policy of the status page: its own script and stylesheet only. */
export function buildStatusPageCsp(): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Returns the CSP to add to a response in the window: the dashboard's for the gateway's origin, none otherwise. */
export function resolveResponseCsp(url: string, gatewayOrigin: string | undefined): string | undefined {
  if (gatewayOrigin === undefined) return undefined;
  return resolveOrigin(url) === gatewayOrigin ? buildDashboardCsp(gatewayOrigin) : undefined;
}

/** Returns the origins the window may show and talk to IPC from: the status page's and, while running, the gateway's. */
export function resolveTrustedOrigins(gatewayUrl: string | undefined): string[] {
  const gatewayOrigin = gatewayUrl === undefined ? undefined : resolveOrigin(gatewayUrl);
  return gatewayOrigin === undefined ? [STATUS_PAGE_ORIGIN] : [STATUS_PAGE_ORIGIN, gatewayOrigin];
}

// Chromium permissions the dashboard may use: writing to the clipboard (copy buttons). Camera,
// microphone, notifications, geolocation and the rest are refused.
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** Decides a permission request: only ALLOWED_PERMISSIONS, and only for a page of a trusted origin. */
export function resolvePermission(permission: string, requestingUrl: string, trustedOrigins: readonly string[]): boolean {
  const origin = resolveOrigin(requestingUrl);
  return ALLOWED_PERMISSIONS.has(permission) && origin !== undefined && trustedOrigins.includes(origin);
}
