import { describe, expect, it } from 'vitest';
import { DESKTOP_INVOKE_NAMES } from '../../../src-shared/desktop-api.js';
import type { RuntimeStatus } from '../../../src-shared/protocol/runtime-status.js';
import {
  renderStatusPageHtml,
  resolveStatusPageResponse,
  STATUS_PAGE_SCRIPT,
  type StatusPageContext,
} from '../../../src-main/electron/status-page.js';
import { buildStatusPageCsp, STATUS_PAGE_ORIGIN } from '../../../src-main/electron/window.js';

function context(status: RuntimeStatus): StatusPageContext {
  return { status, configPath: '/home/me/.openclaw/openclaw.yaml', logFile: '/home/me/.openclaw/logs/openclaw.log' };
}

describe('renderStatusPageHtml', () => {
  it('stopped: explains and offers Start gateway and Open config file', () => {
    const html = renderStatusPageHtml(context({ state: 'stopped' }));
    expect(html).toContain('<h1>The gateway is stopped</h1>');
    expect(html).toContain('<button type="button" data-action="startGateway" class="primary">Start gateway</button>');
    expect(html).toContain('<button type="button" data-action="openConfigFile">Open config file</button>');
    expect(html).toContain('<code>/home/me/.openclaw/openclaw.yaml</code>');
  });

  it('failed: shows the reason, a hint for the failure code, and Start again / Open config / Open logs', () => {
    const html = renderStatusPageHtml(
      context({ state: 'failed', reason: 'another gateway instance is already listening on ws://127.0.0.1:18789', code: 'port_in_use' }),
    );
    expect(html).toContain('<h1>The gateway failed to start</h1>');
    expect(html).toContain('<pre class="reason">another gateway instance is already listening on ws://127.0.0.1:18789</pre>');
    expect(html).toContain('change gateway.port in the config file');
    expect(html).toContain('data-action="startGateway" class="primary">Start again</button>');
    expect(html).toContain('data-action="openLogsFolder"');
  });

  it('escapes markup in the failure reason and paths', () => {
    const html = renderStatusPageHtml({
      status: { state: 'failed', reason: '<img src=x onerror=alert(1)> & "quotes"', code: 'internal' },
      configPath: '/tmp/<script>.yaml',
      logFile: '/tmp/log',
    });
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script>.yaml');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62; &#38; &#34;quotes&#34;');
  });

  it('starting: says so and offers no buttons', () => {
    const html = renderStatusPageHtml(context({ state: 'starting' }));
    expect(html).toContain('<h1>Starting the gateway…</h1>');
    expect(html).not.toContain('<button');
  });
});

describe('resolveStatusPageResponse', () => {
  it('serves the page, its script and its stylesheet with the status-page CSP', () => {
    const ctx = context({ state: 'stopped' });
    const page = resolveStatusPageResponse(`${STATUS_PAGE_ORIGIN}/status.html`, ctx);
    const script = resolveStatusPageResponse(`${STATUS_PAGE_ORIGIN}/status.js`, ctx);
    const styles = resolveStatusPageResponse(`${STATUS_PAGE_ORIGIN}/status.css`, ctx);
    expect([page.status, script.status, styles.status]).toEqual([200, 200, 200]);
    expect(page.headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(script.headers['Content-Type']).toBe('text/javascript; charset=utf-8');
    expect(styles.headers['Content-Type']).toBe('text/css; charset=utf-8');
    expect(page.headers['Content-Security-Policy']).toBe(buildStatusPageCsp());
    expect(script.body).toBe(STATUS_PAGE_SCRIPT);
  });

  it('answers 404 for anything else', () => {
    const response = resolveStatusPageResponse(`${STATUS_PAGE_ORIGIN}/../../etc/passwd`, context({ state: 'stopped' }));
    expect(response.status).toBe(404);
    expect(response.body).toBe('Not found: /etc/passwd');
  });

  it('has only buttons whose action the script can call on window.openclawDesktop', () => {
    const html = renderStatusPageHtml(context({ state: 'failed', reason: 'x', code: 'internal' }));
    const actions = [...html.matchAll(/data-action="([^"]+)"/g)].map((match) => match[1]);
    expect(actions).toEqual(['startGateway', 'openConfigFile', 'openLogsFolder']);
    expect(actions.every((action) => (DESKTOP_INVOKE_NAMES as string[]).includes(action ?? ''))).toBe(true);
  });
});
