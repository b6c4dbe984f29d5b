import { z } from 'zod';
import { WsErrorCodeSchema } from './errors.js';

export const PROTOCOL_VERSION = '1.0';

const optionalText = z.string().max(256).nullable().optional();

/** What a client sends in its `connect` request (the contract's ConnectParams). */
export const ConnectParamsSchema = z.object({
  client_id: optionalText,
  client_version: optionalText,
  protocol_version: z.string().max(32).default(PROTOCOL_VERSION),
  device_id: optionalText,
  platform: optionalText,
});
export type ConnectParams = z.infer<typeof ConnectParamsSchema>;

/** Credentials a non-local client puts in its `connect` request (never in the URL). */
export const ConnectAuthSchema = z.object({
  token: z.string().max(4096).optional(),
  password: z.string().max(4096).optional(),
});
export type ConnectAuth = z.infer<typeof ConnectAuthSchema>;

export const ConnectRequestParamsSchema = ConnectParamsSchema.extend({
  auth: ConnectAuthSchema.optional(),
});
export type ConnectRequestParams = z.infer<typeof ConnectRequestParamsSchema>;

export const AuthSourceSchema = z.enum(['local-direct', 'token', 'password', 'none']);
export type AuthSource = z.infer<typeof AuthSourceSchema>;

/** One connected client as the server tracks it (the contract's WebSocketClient). */
export const WebSocketClientSchema = z.object({
  conn_id: z.string(),
  client_id: z.string().nullable().default(null),
  client_version: z.string().nullable().default(null),
  protocol_version: z.string().default(PROTOCOL_VERSION),
  device_id: z.string().nullable().default(null),
  platform: z.string().nullable().default(null),
  client_ip: z.string().nullable().default(null),
  authenticated: z.boolean().default(false),
  auth_source: AuthSourceSchema.nullable().default(null),
  connected_at: z.number().int().describe('Milliseconds since the epoch'),
});
export type WebSocketClient = z.infer<typeof WebSocketClientSchema>;

export const WebSocketErrorSchema = z.object({
  code: WsErrorCodeSchema,
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type WebSocketError = z.infer<typeof WebSocketErrorSchema>;

const ParamsSchema = z.record(z.string(), z.unknown());

export const WebSocketRequestSchema = z.object({
  type: z.literal('request'),
  id: z.string().min(1).max(128),
  method: z.string().min(1).max(128),
  params: ParamsSchema.default({}),
});
export type WebSocketRequest = z.infer<typeof WebSocketRequestSchema>;

export const WebSocketResponseSchema = z.object({
  type: z.literal('response'),
  id: z.string().nullable().describe('null when the request id could not be read'),
  result: z.unknown().optional(),
  error: WebSocketErrorSchema.optional(),
});
export type WebSocketResponse = z.infer<typeof WebSocketResponseSchema>;

export const WebSocketEventSchema = z.object({
  type: z.literal('event'),
  event: z.string(),
  params: ParamsSchema,
  seq: z.number().int().min(1).describe('Increases by one per event sent to this connection; a gap means events were dropped'),
});
export type WebSocketEvent = z.infer<typeof WebSocketEventSchema>;

/** Any frame, loosely: what parseFrame accepts before a frame is checked as a request. */
export const WebSocketFrameSchema = z.object({
  type: z.enum(['request', 'response', 'event']),
  id: z.string().nullable().optional(),
  method: z.string().optional(),
  params: ParamsSchema.nullable().optional(),
  result: z.unknown().optional(),
  error: z.record(z.string(), z.unknown()).nullable().optional(),
  event: z.string().optional(),
  seq: z.number().optional(),
});
export type WebSocketFrame = z.infer<typeof WebSocketFrameSchema>;
