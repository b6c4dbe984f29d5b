import { z } from 'zod';
import { TELEGRAM_WS_METHODS } from '../telegram/protocol.js';
import { CHAT_WS_METHODS } from './chat.js';
import { LOGS_WS_METHODS } from './logs.js';
import { SETTINGS_WS_METHODS } from './settings.js';
import { ConnectRequestParamsSchema, PROTOCOL_VERSION, WebSocketClientSchema } from './frames.js';
import {
  ConfigResponseSchema,
  ConfigSnapshotResponseSchema,
  GatewayHealthSchema,
  SessionDeleteResponseSchema,
  SessionGetResponseSchema,
  SessionKeySchema,
  SessionListQuerySchema,
  SessionListResponseSchema,
  SessionPatchSchema,
} from './http.js';

/** Result of the `connect` request. */
export const ConnectResultSchema = z.object({
  conn_id: z.string(),
  protocol_version: z.string().default(PROTOCOL_VERSION),
  server_version: z.string(),
  methods: z.array(z.string()),
  events: z.array(z.string()),
});
export type ConnectResult = z.infer<typeof ConnectResultSchema>;

const NoParamsSchema = z.object({});
const KeyParamsSchema = z.object({ key: SessionKeySchema });

/** Every WebSocket method with its params and result schemas; the server validates params with these. */
export const WS_METHODS = {
  connect: { params: ConnectRequestParamsSchema, result: ConnectResultSchema },
  ping: { params: NoParamsSchema, result: z.object({ pong: z.literal(true), ts: z.number().int() }) },
  get_status: {
    params: NoParamsSchema,
    result: WebSocketClientSchema.extend({ total_connections: z.number().int().min(0).describe('WebSocket clients connected to the gateway now') }),
  },
  'gateway.status': {
    params: NoParamsSchema,
    result: GatewayHealthSchema.extend({ url: z.string(), port: z.number().int() }),
  },
  'sessions.list': { params: SessionListQuerySchema, result: SessionListResponseSchema },
  'sessions.get': { params: KeyParamsSchema, result: SessionGetResponseSchema },
  'sessions.patch': { params: KeyParamsSchema.extend({ patch: SessionPatchSchema }), result: SessionGetResponseSchema },
  'sessions.delete': { params: KeyParamsSchema, result: SessionDeleteResponseSchema },
  'config.get': { params: NoParamsSchema, result: ConfigResponseSchema },
  'config.snapshot': { params: NoParamsSchema, result: ConfigSnapshotResponseSchema },
  'gateway.shutdown': {
    params: NoParamsSchema,
    result: z.object({ stopping: z.literal(true) }).describe('Answered before the gateway stops; local-direct connections only'),
  },
  ...CHAT_WS_METHODS,
  ...TELEGRAM_WS_METHODS,
  ...SETTINGS_WS_METHODS,
  ...LOGS_WS_METHODS,
} as const;

export type WsMethodName = keyof typeof WS_METHODS;
export const WS_METHOD_NAMES = Object.keys(WS_METHODS) as WsMethodName[];
export type WsMethodParams<M extends WsMethodName> = z.input<(typeof WS_METHODS)[M]['params']>;
export type WsMethodResult<M extends WsMethodName> = z.infer<(typeof WS_METHODS)[M]['result']>;

/** True when a string names a known method. */
export function isWsMethodName(name: string): name is WsMethodName {
  return Object.hasOwn(WS_METHODS, name);
}
