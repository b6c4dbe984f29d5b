import type { IpcRenderer, IpcRendererEvent } from 'electron';
import {
  DESKTOP_EVENTS,
  DESKTOP_INVOKE,
  parseDesktopInvokeArgs,
  parseDesktopInvokeResult,
  type DesktopApi,
  type DesktopInvokeArgs,
  type DesktopInvokeName,
  type DesktopInvokeResult,
} from '../../src-shared/desktop-api.js';

/** The slice of Electron's ipcRenderer the preload uses. */
export type PreloadIpc = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

/**
 * Builds the object the preload exposes as `window.openclawDesktop`: each call validates its
 * arguments before sending and the main process's answer before returning it; status pushes that
 * fail validation are dropped rather than handed to the page.
 */
export function createDesktopApi(ipc: PreloadIpc): DesktopApi {
  async function call<K extends DesktopInvokeName>(name: K, args: DesktopInvokeArgs<K>): Promise<DesktopInvokeResult<K>> {
    const validArgs = parseDesktopInvokeArgs(name, args);
    const result: unknown = await ipc.invoke(DESKTOP_INVOKE[name].channel, ...validArgs);
    return parseDesktopInvokeResult(name, result);
  }
  // Typed as DesktopApi so that a method added to or renamed in the interface fails to compile here.
  const api: DesktopApi = {
    getGatewayInfo: (...args) => call('getGatewayInfo', args),
    startGateway: (...args) => call('startGateway', args),
    openConfigFile: (...args) => call('openConfigFile', args),
    openLogsFolder: (...args) => call('openLogsFolder', args),
    onStatus(callback) {
      const { channel, payload } = DESKTOP_EVENTS.onStatus;
      const listener = (_event: IpcRendererEvent, status: unknown): void => {
        const parsed = payload.safeParse(status);
        if (parsed.success) callback(parsed.data);
      };
      ipc.on(channel, listener);
      return () => {
        ipc.removeListener(channel, listener);
      };
    },
  };
  return api;
}
