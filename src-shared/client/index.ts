export * from './backoff.js';
export * from './errors.js';
export * from './gateway-client.js';
export * from './http-api.js';
export * from './transport.js';
export type { ClientConnectionState, FrameRecord, Timers } from './ws-connection.js';
export * from './dashboard-routes.js';
export * from './dashboard-csp.js';
