// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { renderStatusPageHtml, STATUS_PAGE_SCRIPT } from '../../../src-main/electron/status-page.js';

// Runs the status page's script against its real markup in a DOM, with a stand-in for the
// window.openclawDesktop object the preload would expose.
function loadPage(api: Record<string, () => Promise<void>>) {
  const html = renderStatusPageHtml({
    status: { state: 'failed', reason: 'boom', code: 'internal' },
    configPath: '/home/me/.openclaw/openclaw.yaml',
    logFile: '/home/me/.openclaw/logs/openclaw.log',
  });
  // A fresh document per page, so listeners from one test never see another test's clicks.
  const page = new DOMParser().parseFromString(html, 'text/html');
  new Function('document', 'window', STATUS_PAGE_SCRIPT)(page, { openclawDesktop: api });
  const button = (action: string): HTMLButtonElement => {
    const element = page.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`);
    if (!element) throw new Error(`no ${action} button`);
    return element;
  };
  return { page, button };
}

describe('status page script', () => {
  it('calls the DesktopApi method a button names when clicked', async () => {
    const calls: string[] = [];
    const { button } = loadPage({ startGateway: async () => void calls.push('startGateway') });
    button('startGateway').click();
    await vi.waitFor(() => expect(calls).toEqual(['startGateway']));
  });

  it('shows the error message next to the buttons when the call fails, and re-enables the button', async () => {
    const { page, button } = loadPage({ openConfigFile: async () => Promise.reject(new Error('Could not open /x/openclaw.yaml')) });
    button('openConfigFile').click();
    await vi.waitFor(() => {
      expect([...page.querySelectorAll('p.error')].map((note) => note.textContent)).toEqual(['Could not open /x/openclaw.yaml']);
      expect(button('openConfigFile').disabled).toBe(false);
    });
  });
});
