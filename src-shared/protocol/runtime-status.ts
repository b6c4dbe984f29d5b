import { z } from 'zod';
import { TelegramStatusSchema } from '../telegram/status.js';

/** Why a start failed, for callers that react differently (the tray, the CLI's exit code). */
export const RuntimeFailureCodeSchema = z.enum([
  'config_invalid',
  'env_missing',
  'port_in_use',
  'insecure_bind',
  'listen_failed',
  'internal',
]);
export type RuntimeFailureCode = z.infer<typeof RuntimeFailureCodeSchema>;

/** The process listening on a port, as far as the OS tells another process of the same user. */
export const PortHolderSchema = z.object({
  pid: z.number().int().min(1),
  command: z.string().optional().describe('Its executable name, e.g. "node"'),
});
export type PortHolder = z.infer<typeof PortHolderSchema>;

export const RuntimeStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('stopped') }),
  z.object({ state: z.literal('starting') }),
  z.object({
    state: z.literal('running'),
    url: z.string().describe('Dashboard URL, e.g. http://127.0.0.1:18789/'),
    port: z.number().int(),
    clients: z.number().int().min(0).describe('Connected WebSocket clients'),
    telegram: TelegramStatusSchema.optional().describe('The Telegram channel: one entry per bot (only while telegram.enabled)'),
  }),
  z.object({
    state: z.literal('attached'),
    url: z.string().describe('Dashboard URL of the gateway started outside the app'),
    port: z.number().int(),
    version: z.string().describe('That gateway\'s version, from its /health'),
    pid: z.number().int().describe('That gateway\'s process id, from its /health'),
  }).describe('Only the desktop lifecycle controller reports this: the port answers as an OpenClaw gateway this app did not start'),
  z.object({
    state: z.literal('failed'),
    reason: z.string(),
    code: RuntimeFailureCodeSchema,
    host: z.string().optional().describe('The address a listen failure was about'),
    port: z.number().int().optional(),
    holder: PortHolderSchema.optional().describe('port_in_use: the process holding the port, where the OS tells us'),
  }),
]);
export type RuntimeStatus = z.infer<typeof RuntimeStatusSchema>;
export type RuntimeState = RuntimeStatus['state'];

/** What runtime.onEvent delivers: status changes and every event the gateway broadcasts. */
export const RuntimeEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status'), status: RuntimeStatusSchema }),
  z.object({ type: z.literal('event'), event: z.string(), params: z.record(z.string(), z.unknown()) }),
]);
export type RuntimeEvent = z.infer<typeof RuntimeEventSchema>;

/** The dashboard URL a status offers: the app's own gateway while running, the outside one while attached. */
export function resolveStatusUrl(status: RuntimeStatus): string | undefined {
  return status.state === 'running' || status.state === 'attached' ? status.url : undefined;
}
