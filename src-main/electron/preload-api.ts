import type { IpcRenderer, IpcRendererEvent } from 'electron';
import {
  DESKTOP_EVENTS,
  DESKTOP_INVOKE,
  parseDesktopInvokeArgs,
  parseDesktopInvokeResult,
  type DesktopApi,
  type DesktopEventName,
  type DesktopEventPayload,
  type DesktopInvokeArgs,
  type DesktopInvokeName,
  type DesktopInvokeResult,
} from '../../src-shared/desktop-api.js';

/** The slice of Electron's ipcRenderer the preload uses. */
export type PreloadIpc = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

/**
 * Builds the object the preload exposes as `window.openclawDesktop`: each call validates its
 * arguments before sending and the main process's answer before returning it; pushes that
 * fail validation are dropped rather than handed to the page.
 */
export function createDesktopApi(ipc: PreloadIpc): DesktopApi {
  async function call<K extends DesktopInvokeName>(name: K, args: DesktopInvokeArgs<K>): Promise<DesktopInvokeResult<K>> {
    const validArgs = parseDesktopInvokeArgs(name, args);
    const result: unknown = await ipc.invoke(DESKTOP_INVOKE[name].channel, ...validArgs);
    return parseDesktopInvokeResult(name, result);
  }
  function subscribe<K extends DesktopEventName>(name: K, callback: (payload: DesktopEventPayload<K>) => void): () => void {
    const { channel, payload } = DESKTOP_EVENTS[name];
    const listener = (_event: IpcRendererEvent, value: unknown): void => {
      const parsed = payload.safeParse(value);
      if (parsed.success) callback(parsed.data as DesktopEventPayload<K>);
    };
    ipc.on(channel, listener);
    return () => {
      ipc.removeListener(channel, listener);
    };
  }
  // Typed as DesktopApi so that a method added to or renamed in the interface fails to compile here.
  const api: DesktopApi = {
    getGatewayInfo: (...args) => call('getGatewayInfo', args),
    startGateway: (...args) => call('startGateway', args),
    openConfigFile: (...args) => call('openConfigFile', args),
    openLogsFolder: (...args) => call('openLogsFolder', args),
    readDesktopLog: (...args) => call('readDesktopLog', args),
    getUpdateState: (...args) => call('getUpdateState', args),
    checkForUpdates: (...args) => call('checkForUpdates', args),
    onStatus: (callback) => subscribe('onStatus', callback),
    onUpdateState: (callback) => subscribe('onUpdateState', callback),
  };
  return api;
}
