import { z } from 'zod';
import { UpdateStateSchema, type UpdateState } from './desktop-update.js';
import { RuntimeStatusSchema, type RuntimeStatus } from './protocol/runtime-status.js';
import { formatZodIssues } from './utils/zod-issues.js';

// The bridge between the Electron window and the main process. The preload builds
// `window.openclawDesktop` from these tables and the main process registers one IPC handler per
// invoke entry, so both sides validate the same schemas and a renamed method fails to compile.

/** The name of the global the preload exposes in the window (`window.openclawDesktop`). */
export const DESKTOP_API_GLOBAL = 'openclawDesktop';

export const GatewayInfoSchema = z.object({
  status: RuntimeStatusSchema,
  url: z.string().nullable().describe('Dashboard URL while a gateway answers (the app\'s own, or one it attached to), else null'),
  token: z
    .string()
    .min(1)
    .nullable()
    .describe(
      'Per-run token the app\'s own gateway accepts as `Authorization: Bearer` and as connect auth.token; null while attached to a gateway started outside the app, which does not know it (the window is local-direct there)',
    ),
});
export type GatewayInfo = z.infer<typeof GatewayInfoSchema>;

export const DesktopLogLineSchema = z.object({
  time: z.string().describe('As electron-log wrote it: local time, `2026-05-01 14:03:07.123`; empty for text before the first stamped line'),
  level: z.string().describe('error, warn, info, verbose, debug or silly'),
  message: z.string().describe('The line\'s text with its continuation lines (a stack trace), secrets scrubbed'),
});
export type DesktopLogLine = z.infer<typeof DesktopLogLineSchema>;

export const DesktopLogSchema = z.object({
  file: z.string().describe('Absolute path of desktop.log'),
  lines: z.array(DesktopLogLineSchema).describe('The newest entries, oldest first (at most 500)'),
});
export type DesktopLog = z.infer<typeof DesktopLogSchema>;

const NoArgsSchema = z.tuple([]);
const NoResultSchema = z.undefined();

/** Renderer → main calls, keyed by DesktopApi method; channels are `domain.verb`. */
export const DESKTOP_INVOKE = {
  getGatewayInfo: { channel: 'gateway.get_info', args: NoArgsSchema, result: GatewayInfoSchema },
  startGateway: { channel: 'gateway.start', args: NoArgsSchema, result: NoResultSchema },
  openConfigFile: { channel: 'config.open_file', args: NoArgsSchema, result: NoResultSchema },
  openLogsFolder: { channel: 'logs.open_folder', args: NoArgsSchema, result: NoResultSchema },
  readDesktopLog: { channel: 'logs.read_desktop', args: NoArgsSchema, result: DesktopLogSchema },
  getUpdateState: { channel: 'update.get_state', args: NoArgsSchema, result: UpdateStateSchema },
  checkForUpdates: { channel: 'update.check', args: NoArgsSchema, result: UpdateStateSchema },
} as const;

/** Main → renderer pushes, keyed by DesktopApi subscription method; channels are `domain.past_tense`. */
export const DESKTOP_EVENTS = {
  onStatus: { channel: 'gateway.status_changed', payload: RuntimeStatusSchema },
  onUpdateState: { channel: 'update.state_changed', payload: UpdateStateSchema },
} as const;

type InvokeTable = typeof DESKTOP_INVOKE;
export type DesktopInvokeName = keyof InvokeTable;
export type DesktopInvokeArgs<K extends DesktopInvokeName> = z.input<InvokeTable[K]['args']>;
export type DesktopInvokeResult<K extends DesktopInvokeName> = z.output<InvokeTable[K]['result']>;
export type DesktopEventName = keyof typeof DESKTOP_EVENTS;
export type DesktopEventPayload<K extends DesktopEventName> = z.output<(typeof DESKTOP_EVENTS)[K]['payload']>;

/** The request/response half of DesktopApi, derived from DESKTOP_INVOKE. */
export type DesktopInvokeApi = {
  [K in DesktopInvokeName]: (...args: DesktopInvokeArgs<K>) => Promise<DesktopInvokeResult<K>>;
};

/** What `window.openclawDesktop` offers the dashboard inside the desktop app. */
export interface DesktopApi extends DesktopInvokeApi {
  /** Calls back on every gateway status change; returns the function that unsubscribes. */
  onStatus(callback: (status: RuntimeStatus) => void): () => void;
  /** Calls back on every update state change (checking, downloading N %, ready, failed…); returns the function that unsubscribes. */
  onUpdateState(callback: (state: UpdateState) => void): () => void;
}

export const DESKTOP_INVOKE_NAMES = Object.keys(DESKTOP_INVOKE) as DesktopInvokeName[];
export const DESKTOP_EVENT_NAMES = Object.keys(DESKTOP_EVENTS) as DesktopEventName[];

/** Validates a call's arguments against its schema; throws an Error naming the channel and every issue. */
export function parseDesktopInvokeArgs<K extends DesktopInvokeName>(name: K, args: unknown[]): DesktopInvokeArgs<K> {
  const spec = DESKTOP_INVOKE[name];
  const parsed = spec.args.safeParse(args);
  if (!parsed.success) {
    throw new Error(`Invalid arguments for IPC channel "${spec.channel}": ${formatZodIssues(parsed.error.issues, { root: '(arguments)' })}`);
  }
  return parsed.data as DesktopInvokeArgs<K>;
}

/** Validates a call's result against its schema; throws an Error naming the channel and every issue. */
export function parseDesktopInvokeResult<K extends DesktopInvokeName>(name: K, result: unknown): DesktopInvokeResult<K> {
  const spec = DESKTOP_INVOKE[name];
  const parsed = spec.result.safeParse(result);
  if (!parsed.success) {
    throw new Error(`Invalid result from IPC channel "${spec.channel}": ${formatZodIssues(parsed.error.issues, { root: '(arguments)' })}`);
  }
  return parsed.data as DesktopInvokeResult<K>;
}
