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
  z.object({ state: z.literal('failed'), reason: z.string(), code: RuntimeFailureCodeSchema }),
]);
export type RuntimeStatus = z.infer<typeof RuntimeStatusSchema>;
export type RuntimeState = RuntimeStatus['state'];

/** What runtime.onEvent delivers: status changes and every event the gateway broadcasts. */
export const RuntimeEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status'), status: RuntimeStatusSchema }),
  z.object({ type: z.literal('event'), event: z.string(), params: z.record(z.string(), z.unknown()) }),
]);
export type RuntimeEvent = z.infer<typeof RuntimeEventSchema>;
