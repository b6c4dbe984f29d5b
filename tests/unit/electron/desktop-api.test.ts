import { EventEmitter } from 'node:events';
import type { IpcMain, IpcMainInvokeEvent, IpcRendererEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import {
  DESKTOP_EVENT_NAMES,
  DESKTOP_EVENTS,
  DESKTOP_INVOKE,
  DESKTOP_INVOKE_NAMES,
  type DesktopLog,
  type GatewayInfo,
} from '../../../src-shared/desktop-api.js';
import type { UpdateState } from '../../../src-shared/desktop-update.js';
import type { RuntimeStatus } from '../../../src-shared/protocol/runtime-status.js';
import {
  createIpcHandlers,
  isTrustedIpcSender,
  setupIpc,
  type DesktopIpcDeps,
  type IpcSender,
} from '../../../src-main/electron/ipc.js';
import { createDesktopApi, type PreloadIpc } from '../../../src-main/electron/preload-api.js';
import { STATUS_PAGE_URL } from '../../../src-main/electron/window.js';

const WINDOW_ID = 7;
const GATEWAY = 'http://127.0.0.1:18789';
const INFO: GatewayInfo = {
  status: { state: 'running', url: `${GATEWAY}/`, port: 18789, clients: 0 },
  url: `${GATEWAY}/`,
  token: 'per-run-token',
};

const LOG: DesktopLog = { file: '/home/me/.openclaw/logs/desktop.log', lines: [{ time: '2026-05-01 14:03:07.123', level: 'info', message: 'Gateway running' }] };

// Stands in for Electron's IPC transport: ipcMain.handle registers, ipcRenderer.invoke calls the
// registered handler with an event describing the sending frame, as Electron does.
function createTransport(sender: IpcSender = { webContentsId: WINDOW_ID, frameUrl: `${GATEWAY}/` }) {
  const handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>();
  const ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'> = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  const pushes = new EventEmitter();
  const event = { sender: { id: sender.webContentsId }, senderFrame: { url: sender.frameUrl } } as unknown as IpcMainInvokeEvent;
  const ipcRenderer = {
    invoke: async (channel: string, ...args: unknown[]) => {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      return handler(event, ...args);
    },
    on: (channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void) => {
      pushes.on(channel, listener);
      return ipcRenderer;
    },
    removeListener: (channel: string, listener: (...args: unknown[]) => void) => {
      pushes.removeListener(channel, listener);
      return ipcRenderer;
    },
  } as unknown as PreloadIpc;
  const push = (channel: string, payload: unknown) => pushes.emit(channel, {} as IpcRendererEvent, payload);
  return { ipcMain, ipcRenderer, handlers, push, listenerCount: (channel: string) => pushes.listenerCount(channel) };
}

function createDeps(calls: string[] = []): DesktopIpcDeps {
  return {
    getGatewayInfo: () => INFO,
    startGateway: async () => void calls.push('startGateway'),
    openConfigFile: async () => void calls.push('openConfigFile'),
    openLogsFolder: async () => void calls.push('openLogsFolder'),
    readDesktopLog: async () => LOG,
    getUpdateState: () => ({ state: 'downloading', version: '0.2.0', percent: 42 }),
    checkForUpdates: async () => {
      calls.push('checkForUpdates');
      return { state: 'up_to_date', checked_at: 1_000 };
    },
  };
}

function connect(deps: DesktopIpcDeps, sender?: IpcSender) {
  const transport = createTransport(sender);
  const trusted = { webContentsId: WINDOW_ID, origins: ['openclaw-desktop://app', GATEWAY] };
  const rejected: string[] = [];
  const ipc = setupIpc({
    ipcMain: transport.ipcMain,
    handlers: createIpcHandlers(deps),
    isTrusted: (from) => isTrustedIpcSender(from, trusted),
    onRejected: (channel) => rejected.push(channel),
  });
  return { api: createDesktopApi(transport.ipcRenderer), transport, ipc, rejected };
}

describe('DesktopApi and the IPC handlers', () => {
  it('the preload API has exactly the invoke keys of the handlers plus the event subscriptions', () => {
    const api = createDesktopApi(createTransport().ipcRenderer);
    const handlers = createIpcHandlers(createDeps());
    expect(Object.keys(handlers).sort()).toEqual([...DESKTOP_INVOKE_NAMES].sort());
    expect(Object.keys(api).sort()).toEqual([...Object.keys(handlers), ...DESKTOP_EVENT_NAMES].sort());
  });

  it('uses distinct domain.verb channel names', () => {
    const channels = [...Object.values(DESKTOP_INVOKE), ...Object.values(DESKTOP_EVENTS)].map((spec) => spec.channel);
    expect(new Set(channels).size).toBe(channels.length);
    for (const channel of channels) expect(channel).toMatch(/^[a-z]+\.[a-z_]+$/);
  });

  it('setupIpc registers one handler per channel and close() removes them', async () => {
    const { transport, ipc } = connect(createDeps());
    expect([...transport.handlers.keys()].sort()).toEqual(DESKTOP_INVOKE_NAMES.map((name) => DESKTOP_INVOKE[name].channel).sort());
    await ipc.close();
    expect(transport.handlers.size).toBe(0);
  });

  it('getGatewayInfo returns the URL and the per-run token', async () => {
    const { api } = connect(createDeps());
    expect(await api.getGatewayInfo()).toEqual(INFO);
  });

  it('startGateway, openConfigFile and openLogsFolder reach their handlers', async () => {
    const calls: string[] = [];
    const { api } = connect(createDeps(calls));
    await api.startGateway();
    await api.openConfigFile();
    await api.openLogsFolder();
    expect(calls).toEqual(['startGateway', 'openConfigFile', 'openLogsFolder']);
  });

  it('readDesktopLog returns the file and its parsed lines', async () => {
    const { api } = connect(createDeps());
    expect(await api.readDesktopLog()).toEqual(LOG);
  });

  it('getUpdateState and checkForUpdates return the update state', async () => {
    const calls: string[] = [];
    const { api } = connect(createDeps(calls));
    expect(await api.getUpdateState()).toEqual({ state: 'downloading', version: '0.2.0', percent: 42 });
    expect(await api.checkForUpdates()).toEqual({ state: 'up_to_date', checked_at: 1_000 });
    expect(calls).toEqual(['checkForUpdates']);
  });

  it('the status page may call too', async () => {
    const { api } = connect(createDeps(), { webContentsId: WINDOW_ID, frameUrl: STATUS_PAGE_URL });
    expect((await api.getGatewayInfo()).token).toBe('per-run-token');
  });
});

describe('IPC sender check', () => {
  it('refuses a frame from a foreign origin in our window, and the handler never runs', async () => {
    const calls: string[] = [];
    const { api, rejected } = connect(createDeps(calls), { webContentsId: WINDOW_ID, frameUrl: 'https://evil.example/' });
    await expect(api.startGateway()).rejects.toThrow('IPC channel "gateway.start" only answers the OpenClaw Desktop dashboard window');
    expect(calls).toEqual([]);
    expect(rejected).toEqual(['gateway.start']);
  });

  it('refuses another webContents even on the gateway origin', async () => {
    const { api } = connect(createDeps(), { webContentsId: WINDOW_ID + 1, frameUrl: `${GATEWAY}/` });
    await expect(api.getGatewayInfo()).rejects.toThrow('only answers the OpenClaw Desktop dashboard window');
  });

  it('refuses everything while no window exists', () => {
    expect(isTrustedIpcSender({ webContentsId: 1, frameUrl: `${GATEWAY}/` }, { webContentsId: undefined, origins: [GATEWAY] })).toBe(false);
  });

  it('refuses a sender without a frame URL', () => {
    expect(isTrustedIpcSender({ webContentsId: 1, frameUrl: undefined }, { webContentsId: 1, origins: [GATEWAY] })).toBe(false);
  });
});

describe('validation on both sides', () => {
  it('the handler rejects unexpected arguments from a page that bypasses the preload', async () => {
    const calls: string[] = [];
    const { transport } = connect(createDeps(calls));
    await expect(transport.ipcRenderer.invoke('gateway.start', { evil: true })).rejects.toThrow(
      'Invalid arguments for IPC channel "gateway.start": (arguments): Too big: expected array to have <=0 items',
    );
    expect(calls).toEqual([]);
  });

  it('the preload rejects arguments before sending them', async () => {
    const calls: string[] = [];
    const { api } = connect(createDeps(calls));
    const untyped = api.startGateway as (...args: unknown[]) => Promise<void>;
    await expect(untyped('extra')).rejects.toThrow('Invalid arguments for IPC channel "gateway.start"');
    expect(calls).toEqual([]);
  });

  it('the handler refuses to return a result that breaks the schema', async () => {
    const { api } = connect({ ...createDeps(), getGatewayInfo: () => ({ ...INFO, token: '' }) });
    await expect(api.getGatewayInfo()).rejects.toThrow('Invalid result from IPC channel "gateway.get_info": token:');
  });

  it('the preload refuses a malformed answer from the main process', async () => {
    const transport = createTransport();
    transport.ipcMain.handle('gateway.get_info', () => ({ url: 42 }));
    const api = createDesktopApi(transport.ipcRenderer);
    await expect(api.getGatewayInfo()).rejects.toThrow('Invalid result from IPC channel "gateway.get_info"');
  });
});

describe('onStatus', () => {
  it('delivers valid status pushes and stops after unsubscribe', () => {
    const transport = createTransport();
    const api = createDesktopApi(transport.ipcRenderer);
    const seen: RuntimeStatus[] = [];
    const unsubscribe = api.onStatus((status) => seen.push(status));
    transport.push('gateway.status_changed', { state: 'starting' });
    transport.push('gateway.status_changed', { state: 'failed', reason: 'port in use', code: 'port_in_use' });
    unsubscribe();
    transport.push('gateway.status_changed', { state: 'stopped' });
    expect(seen).toEqual([{ state: 'starting' }, { state: 'failed', reason: 'port in use', code: 'port_in_use' }]);
    expect(transport.listenerCount('gateway.status_changed')).toBe(0);
  });

  it('drops pushes that do not match the status schema', () => {
    const transport = createTransport();
    const seen: RuntimeStatus[] = [];
    createDesktopApi(transport.ipcRenderer).onStatus((status) => seen.push(status));
    transport.push('gateway.status_changed', { state: 'exploded' });
    transport.push('gateway.status_changed', { state: 'running', url: 'http://127.0.0.1:1/' });
    expect(seen).toEqual([]);
  });
});

describe('onUpdateState', () => {
  it('delivers valid update states, drops malformed ones, and stops after unsubscribe', () => {
    const transport = createTransport();
    const seen: UpdateState[] = [];
    const unsubscribe = createDesktopApi(transport.ipcRenderer).onUpdateState((state) => seen.push(state));
    transport.push('update.state_changed', { state: 'checking' });
    transport.push('update.state_changed', { state: 'downloading', version: '0.2.0', percent: 140 });
    transport.push('update.state_changed', { state: 'ready', version: '0.2.0' });
    unsubscribe();
    transport.push('update.state_changed', { state: 'checking' });
    expect(seen).toEqual([{ state: 'checking' }, { state: 'ready', version: '0.2.0' }]);
    expect(transport.listenerCount('update.state_changed')).toBe(0);
  });
});
