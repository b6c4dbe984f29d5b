import type { RuntimeFailureCode, RuntimeStatus } from '../../src-shared/protocol/runtime-status.js';
import { buildStatusPageCsp } from './window.js';

// The page the window shows while the gateway is not running. It is served from the
// openclaw-desktop:// scheme, so its script and stylesheet are separate responses (the CSP
// forbids inline code) and its buttons reach the main process through window.openclawDesktop.

export interface StatusPageContext {
  status: RuntimeStatus;
  configPath: string;
  logFile: string;
}

export interface StatusPageResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const HINTS: Partial<Record<RuntimeFailureCode, string>> = {
  config_invalid: 'Fix the config file, then start the gateway again.',
  env_missing: 'Set the environment variable named above, or remove the reference from the config file, then start again.',
  port_in_use:
    'Another program is using the port. Quit it, or choose "Use another port…" in the tray menu (or change gateway.port in the config file).',
  insecure_bind: 'Set gateway.token or gateway.password in the config file, or bind gateway.host to 127.0.0.1.',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function button(action: string, label: string, primary = false): string {
  return `<button type="button" data-action="${action}"${primary ? ' class="primary"' : ''}>${label}</button>`;
}

function renderBody(context: StatusPageContext): { title: string; body: string } {
  const { status } = context;
  const configLine = `<p class="path">Config: <code>${escapeHtml(context.configPath)}</code></p>`;
  switch (status.state) {
    case 'starting':
      return { title: 'Starting the gateway…', body: '<p>The dashboard opens as soon as the gateway is listening.</p>' };
    case 'running':
      return { title: 'The gateway is running', body: '<p>Opening the dashboard…</p>' };
    case 'attached':
      return { title: 'Attached to a running gateway', body: '<p>Opening the dashboard of the gateway started outside the app…</p>' };
    case 'stopped':
      return {
        title: 'The gateway is stopped',
        body:
          '<p>Start it to use the dashboard. Local clients and Telegram cannot reach OpenClaw while it is stopped.</p>' +
          `<div class="actions">${button('startGateway', 'Start gateway', true)}${button('openConfigFile', 'Open config file')}</div>` +
          configLine,
      };
    case 'failed': {
      const hint = HINTS[status.code];
      return {
        title: 'The gateway failed to start',
        body:
          `<pre class="reason">${escapeHtml(status.reason)}</pre>` +
          (hint ? `<p>${escapeHtml(hint)}</p>` : '') +
          `<div class="actions">${button('startGateway', 'Start again', true)}${button('openConfigFile', 'Open config file')}` +
          `${button('openLogsFolder', 'Open logs folder')}</div>` +
          configLine +
          `<p class="path">Log: <code>${escapeHtml(context.logFile)}</code></p>`,
      };
    }
  }
}

/** Renders the status page's HTML for the current status; every dynamic value is HTML-escaped. */
export function renderStatusPageHtml(context: StatusPageContext): string {
  const { title, body } = renderBody(context);
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    `<title>OpenClaw Desktop — ${escapeHtml(title)}</title>` +
    '<link rel="stylesheet" href="status.css"><script src="status.js" defer></script></head>' +
    `<body data-state="${context.status.state}"><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`
  );
}

// Each button's data-action names a DesktopApi method; a failed call shows its message in place.
export const STATUS_PAGE_SCRIPT = `'use strict';
document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target.closest('button[data-action]') : null;
  const api = window.openclawDesktop;
  if (!target || !api) return;
  const action = target.getAttribute('data-action');
  if (typeof api[action] !== 'function') return;
  target.disabled = true;
  api[action]().catch((error) => {
    const note = document.createElement('p');
    note.className = 'error';
    note.textContent = String(error && error.message ? error.message : error);
    target.parentElement.after(note);
  }).finally(() => { target.disabled = false; });
});
`;

export const STATUS_PAGE_STYLES = `:root { color-scheme: light dark; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: Canvas; color: CanvasText; }
main { max-width: 40rem; padding: 2rem; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
body[data-state="failed"] h1 { color: #d7263d; }
.reason { white-space: pre-wrap; padding: 0.75rem 1rem; border-radius: 6px; background: rgba(215, 38, 61, 0.1); font-size: 0.9rem; }
.actions { display: flex; gap: 0.5rem; margin: 1.25rem 0; }
button { font: inherit; padding: 0.45rem 1rem; border-radius: 6px; border: 1px solid GrayText; background: ButtonFace; color: ButtonText; cursor: pointer; }
button.primary { background: #e4572e; border-color: #e4572e; color: #fff; }
button:disabled { opacity: 0.6; cursor: default; }
.path { font-size: 0.85rem; opacity: 0.8; word-break: break-all; }
.error { color: #d7263d; }
`;

/**
 * Answers a request to the status-page scheme: status.html (rendered for the current status),
 * status.js and status.css, each with the page's CSP; anything else is a 404.
 */
export function resolveStatusPageResponse(url: string, context: StatusPageContext): StatusPageResponse {
  const headers = (contentType: string): Record<string, string> => ({
    'Content-Type': contentType,
    'Content-Security-Policy': buildStatusPageCsp(),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    // An unparsable URL cannot name one of our three resources.
    pathname = '';
  }
  switch (pathname) {
    case '/status.html':
      return { status: 200, headers: headers('text/html; charset=utf-8'), body: renderStatusPageHtml(context) };
    case '/status.js':
      return { status: 200, headers: headers('text/javascript; charset=utf-8'), body: STATUS_PAGE_SCRIPT };
    case '/status.css':
      return { status: 200, headers: headers('text/css; charset=utf-8'), body: STATUS_PAGE_STYLES };
    default:
      return { status: 404, headers: headers('text/plain; charset=utf-8'), body: `Not found: ${pathname}` };
  }
}
