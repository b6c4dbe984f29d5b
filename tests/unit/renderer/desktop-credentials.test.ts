import { describe, expect, it, vi } from 'vitest';
import type { DesktopApi } from '../../../src-shared/desktop-api.js';
import { loadDesktopCredentials, resolveDesktopApi } from '../../../src-renderer/lib/desktop-credentials.js';

// The preload bridge only exists inside Electron, which cannot run here: these stand-ins play the
// preload's part at the edge, and the real bridge is covered by tests/unit/electron/desktop-api.
function bridge(getGatewayInfo: DesktopApi['getGatewayInfo']): DesktopApi {
  const unused = () => Promise.reject(new Error('not used'));
  return {
    getGatewayInfo,
    startGateway: unused,
    openConfigFile: unused,
    openLogsFolder: unused,
    readDesktopLog: unused,
    getUpdateState: unused,
    checkForUpdates: unused,
    onStatus: () => () => {},
    onUpdateState: () => () => {},
  };
}

describe('desktop credentials', () => {
  it('finds the bridge only where the preload exposed it', () => {
    const api = bridge(() => Promise.reject(new Error('not used')));
    expect(resolveDesktopApi({ openclawDesktop: api })).toBe(api);
    expect(resolveDesktopApi({})).toBeUndefined();
  });

  it('uses the per-run token the desktop app hands over', async () => {
    const api = bridge(async () => ({ status: { state: 'running', url: 'http://127.0.0.1:18789/', port: 18789, clients: 0 }, url: 'http://127.0.0.1:18789/', token: 'run-token-1' }));
    await expect(loadDesktopCredentials(api)).resolves.toEqual({ token: 'run-token-1' });
  });

  it('is undefined while attached to a gateway started outside the app (it does not know the token; the window is local-direct there)', async () => {
    const status = { state: 'attached', url: 'http://127.0.0.1:18789/', port: 18789, version: '0.1.0', pid: 4242 } as const;
    const api = bridge(async () => ({ status, url: status.url, token: null }));
    await expect(loadDesktopCredentials(api)).resolves.toBeUndefined();
  });

  it('is undefined in a browser', async () => {
    await expect(loadDesktopCredentials(undefined)).resolves.toBeUndefined();
  });

  it('falls back (undefined) when the bridge answers something malformed', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const api = bridge(async () => ({ token: '' }) as never);
    await expect(loadDesktopCredentials(api)).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });
});
