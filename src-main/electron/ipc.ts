import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import {
  DESKTOP_INVOKE,
  DESKTOP_INVOKE_NAMES,
  parseDesktopInvokeArgs,
  parseDesktopInvokeResult,
  type DesktopInvokeApi,
  type DesktopLog,
  type DesktopInvokeName,
  type DesktopInvokeResult,
  type GatewayInfo,
} from '../../src-shared/desktop-api.js';
import type { UpdateState } from '../../src-shared/desktop-update.js';
import { resolveOrigin } from './window.js';

/** What the IPC handlers do; main.ts supplies these from the lifecycle controller and Electron's shell. */
export interface DesktopIpcDeps {
  getGatewayInfo(): GatewayInfo;
  startGateway(): Promise<void>;
  openConfigFile(): Promise<void>;
  openLogsFolder(): Promise<void>;
  readDesktopLog(): Promise<DesktopLog>;
  getUpdateState(): UpdateState;
  checkForUpdates(): Promise<UpdateState>;
}

/** One handler per DesktopApi call, taking the raw IPC arguments (validated inside). */
export type DesktopIpcHandlers = {
  [K in DesktopInvokeName]: (...args: unknown[]) => Promise<DesktopInvokeResult<K>>;
};

/**
 * Creates the main-process side of every DesktopApi call: each handler validates its arguments
 * and its own result with the schemas the preload uses, and throws an Error naming the channel
 * when either does not match.
 */
export function createIpcHandlers(deps: DesktopIpcDeps): DesktopIpcHandlers {
  function handler<K extends DesktopInvokeName>(
    name: K,
    run: (...args: Parameters<DesktopInvokeApi[K]>) => Promise<unknown> | unknown,
  ): DesktopIpcHandlers[K] {
    // TS cannot relate a generic K's mapped entry to this closure; the parse calls are keyed by K.
    return (async (...args: unknown[]) => {
      const valid = parseDesktopInvokeArgs(name, args) as Parameters<DesktopInvokeApi[K]>;
      return parseDesktopInvokeResult(name, await run(...valid));
    }) as DesktopIpcHandlers[K];
  }
  return {
    getGatewayInfo: handler('getGatewayInfo', () => deps.getGatewayInfo()),
    startGateway: handler('startGateway', () => deps.startGateway()),
    openConfigFile: handler('openConfigFile', () => deps.openConfigFile()),
    openLogsFolder: handler('openLogsFolder', () => deps.openLogsFolder()),
    readDesktopLog: handler('readDesktopLog', () => deps.readDesktopLog()),
    getUpdateState: handler('getUpdateState', () => deps.getUpdateState()),
    checkForUpdates: handler('checkForUpdates', () => deps.checkForUpdates()),
  };
}

export interface IpcSender {
  webContentsId: number;
  frameUrl: string | undefined;
}

/**
 * Decides whether an IPC message may be answered: it must come from the dashboard window's own
 * webContents and from a frame whose origin is one the window trusts (status page or gateway).
 */
export function isTrustedIpcSender(
  sender: IpcSender,
  trusted: { webContentsId: number | undefined; origins: readonly string[] },
): boolean {
  if (trusted.webContentsId === undefined || sender.webContentsId !== trusted.webContentsId) return false;
  const origin = sender.frameUrl === undefined ? undefined : resolveOrigin(sender.frameUrl);
  return origin !== undefined && trusted.origins.includes(origin);
}

/** Describes an invoke event's sender for isTrustedIpcSender. */
export function describeIpcSender(event: IpcMainInvokeEvent): IpcSender {
  return { webContentsId: event.sender.id, frameUrl: event.senderFrame?.url };
}

/**
 * Registers every handler on ipcMain behind the sender check (an untrusted sender gets an error
 * and the handler never runs); close() removes them again.
 */
export function setupIpc(options: {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  handlers: DesktopIpcHandlers;
  isTrusted: (sender: IpcSender) => boolean;
  onRejected?: (channel: string, sender: IpcSender) => void;
}): { close(): Promise<void> } {
  const channels: string[] = [];
  for (const name of DESKTOP_INVOKE_NAMES) {
    const { channel } = DESKTOP_INVOKE[name];
    const run = options.handlers[name];
    options.ipcMain.handle(channel, (event, ...args: unknown[]) => {
      const sender = describeIpcSender(event);
      if (!options.isTrusted(sender)) {
        options.onRejected?.(channel, sender);
        throw new Error(`IPC channel "${channel}" only answers the OpenClaw Desktop dashboard window`);
      }
      return run(...args);
    });
    channels.push(channel);
  }
  return {
    async close() {
      for (const channel of channels) options.ipcMain.removeHandler(channel);
    },
  };
}
