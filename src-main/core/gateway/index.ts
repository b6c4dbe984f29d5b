export {
  authorizeGatewayRequest,
  getClientIp,
  hasForwardedHeaders,
  isLocalDirectRequest,
  isLocalRequest,
  isLoopbackHost,
  isTrustedProxy,
  normalizeIp,
  readHeaderCredentials,
  resolveTrustedProxyIssues,
  type PresentedCredentials,
  type RequestPeer,
} from './auth.js';
export { createApp, type AppDeps } from './app.js';
export { redactConfigSnapshot } from './config-redaction.js';
export { createHostPolicy, normalizeOrigin, type HostPolicy, type HostPolicyOptions } from './host-origin.js';
export {
  sendError,
  sendForbidden,
  sendInvalidRequest,
  sendJson,
  sendText,
  sendMethodNotAllowed,
  sendNotFound,
  sendRateLimited,
  sendUnauthorized,
} from './http-common.js';
export { createOpenApiDocument } from './openapi.js';
export {
  AUTH_FAILURE_WINDOW_MS,
  AUTH_LOCKOUT_MS,
  AUTH_MAX_FAILURES,
  createAuthRateLimiter,
  resolveAuthFailureDelayMs,
  type AuthFailureVerdict,
  type AuthRateLimiter,
  type AuthRateLimiterOptions,
} from './rate-limit.js';
export { MAX_BODY_BYTES } from './http-request.js';
export {
  assertSafeBind,
  GATEWAY_SHUTDOWN_TIMEOUT_MS,
  GatewayStartError,
  isLoopbackBindHost,
  startGatewayServer,
  type GatewayCloseOptions,
  type GatewayServerHandle,
  type GatewayServerOptions,
} from './server.js';
export { createSessionsView, type SessionListBody, type SessionsView } from './sessions-view.js';
export { resolveConfigResponse, resolveGatewayHealth } from './status.js';
export { SILENT_LOGGER, type ConfigStatus, type GatewayAuth, type GatewayLogger, type GatewayState } from './types.js';
export {
  broadcastEvent,
  sendResponseToClient,
  sendToClient,
  WS_CLOSE_BUFFER_LIMIT_BYTES,
  WS_EVENT_BUFFER_LIMIT_BYTES,
  WS_SLOW_CLIENT_GRACE_MS,
  type BroadcastOptions,
} from './ws-broadcast.js';
export {
  authenticateConnection,
  ConnectionState,
  handleWebsocketConnection,
  WebSocketConnectionManager,
  WS_CONNECT_TIMEOUT_MS,
  WS_MAX_PAYLOAD_BYTES,
  WS_PRE_AUTH_MAX_BYTES,
} from './ws-connection.js';
export { dispatchWsMethod, type WsMethodContext } from './ws-methods.js';
export {
  createErrorResponse,
  createEvent,
  createResponse,
  parseFrame,
  readRequestFrame,
  serializeFrame,
  validateRequest,
  WS_MAX_FRAME_DEPTH,
} from './ws-protocol.js';
export { broadcastToAll, createWebSocketServer, WS_PATH, WS_PING_INTERVAL_MS, type WebSocketServerHandle } from './ws-server.js';
