import { describe, expect, it } from 'vitest';
import { resolveDashboardHeaderCsp } from '../../../src-shared/client/dashboard-csp.js';
import {
  buildDashboardCsp,
  buildStatusPageCsp,
  createDashboardWindowOptions,
  resolveDashboardUrl,
  resolveNavigation,
  resolveOrigin,
  resolvePermission,
  resolveResponseCsp,
  resolveTrustedOrigins,
  resolveWindowOpen,
  STATUS_PAGE_ORIGIN,
  STATUS_PAGE_URL,
} from '../../../src-main/electron/window.js';

const GATEWAY = 'http://127.0.0.1:18789';
const TRUSTED = [STATUS_PAGE_ORIGIN, GATEWAY];

describe('createDashboardWindowOptions', () => {
  it('isolates and sandboxes the page, with no Node, webviews or insecure content', () => {
    const { webPreferences, show } = createDashboardWindowOptions({ preloadPath: '/app/dist/preload/preload.cjs' });
    expect(show).toBe(false);
    expect(webPreferences).toMatchObject({
      preload: '/app/dist/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});

describe('resolveDashboardUrl', () => {
  it('opens a notification\'s page on the gateway, and never another origin', () => {
    expect(resolveDashboardUrl(`${GATEWAY}/`, '/channels')).toBe(`${GATEWAY}/channels`);
    expect(resolveDashboardUrl(`${GATEWAY}/`)).toBe(`${GATEWAY}/`);
    expect(resolveDashboardUrl(`${GATEWAY}/`, '//evil.example/x')).toBe(`${GATEWAY}/`);
    expect(resolveDashboardUrl(`${GATEWAY}/`, 'https://evil.example/')).toBe(`${GATEWAY}/`);
  });
});

describe('resolveNavigation', () => {
  it('allows the gateway dashboard and the status page', () => {
    expect(resolveNavigation(`${GATEWAY}/sessions`, TRUSTED)).toEqual({ action: 'allow' });
    expect(resolveNavigation(STATUS_PAGE_URL, TRUSTED)).toEqual({ action: 'allow' });
  });

  it('sends foreign http(s) links to the system browser', () => {
    expect(resolveNavigation('https://docs.openclaw.ai/gateway', TRUSTED)).toEqual({
      action: 'open-external',
      url: 'https://docs.openclaw.ai/gateway',
    });
  });

  it('treats another port on loopback as foreign', () => {
    expect(resolveNavigation('http://127.0.0.1:9999/', TRUSTED)).toEqual({ action: 'open-external', url: 'http://127.0.0.1:9999/' });
  });

  it('denies file:, javascript:, data: and unparsable URLs', () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,<p>x</p>', 'not a url']) {
      expect(resolveNavigation(url, TRUSTED), url).toEqual({ action: 'deny' });
    }
  });

  it('denies the gateway origin once the gateway is no longer trusted (stopped)', () => {
    expect(resolveNavigation(`${GATEWAY}/`, resolveTrustedOrigins(undefined))).toEqual({
      action: 'open-external',
      url: `${GATEWAY}/`,
    });
  });
});

describe('resolveWindowOpen', () => {
  it('never opens an Electron window; web URLs go to the system browser', () => {
    expect(resolveWindowOpen('https://example.com/')).toEqual({ action: 'deny', openExternal: 'https://example.com/' });
    expect(resolveWindowOpen(`${GATEWAY}/`)).toEqual({ action: 'deny', openExternal: `${GATEWAY}/` });
    expect(resolveWindowOpen('file:///tmp/x')).toEqual({ action: 'deny', openExternal: undefined });
  });

  it('hands the other links the dashboard renders (mailto:, tg:) to the apps that handle them, nothing else', () => {
    expect(resolveWindowOpen('mailto:me@example.com')).toEqual({ action: 'deny', openExternal: 'mailto:me@example.com' });
    expect(resolveWindowOpen('tg://resolve?domain=openclaw_bot')).toEqual({ action: 'deny', openExternal: 'tg://resolve?domain=openclaw_bot' });
    expect(resolveWindowOpen('javascript:alert(1)')).toEqual({ action: 'deny', openExternal: undefined });
  });
});

describe('resolveOrigin', () => {
  it('gives the status-page scheme a real origin although WHATWG URL calls it opaque', () => {
    expect(resolveOrigin('openclaw-desktop://APP/status.html')).toBe(STATUS_PAGE_ORIGIN);
    expect(resolveOrigin('about:blank')).toBeUndefined();
  });
});

describe('content security policy', () => {
  it('lets the dashboard load only from the gateway and connect only to its WebSocket', () => {
    const csp = buildDashboardCsp(GATEWAY);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self' ws://127.0.0.1:18789");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe');
  });

  it('enforces the same policy the gateway sends with the dashboard', () => {
    expect(buildDashboardCsp(GATEWAY)).toBe(resolveDashboardHeaderCsp('127.0.0.1:18789'));
  });

  it('applies the dashboard CSP to gateway responses only', () => {
    expect(resolveResponseCsp(`${GATEWAY}/assets/index.js`, GATEWAY)).toBe(buildDashboardCsp(GATEWAY));
    expect(resolveResponseCsp('https://example.com/', GATEWAY)).toBeUndefined();
    expect(resolveResponseCsp(`${GATEWAY}/`, undefined)).toBeUndefined();
  });

  it('allows no inline code on the status page', () => {
    expect(buildStatusPageCsp()).not.toContain('unsafe-inline');
    expect(buildStatusPageCsp()).toContain("default-src 'none'");
  });
});

describe('resolvePermission', () => {
  it('grants clipboard writes to trusted pages and nothing else', () => {
    expect(resolvePermission('clipboard-sanitized-write', `${GATEWAY}/`, TRUSTED)).toBe(true);
    expect(resolvePermission('clipboard-sanitized-write', 'https://evil.example/', TRUSTED)).toBe(false);
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      expect(resolvePermission(permission, `${GATEWAY}/`, TRUSTED), permission).toBe(false);
    }
  });
});
