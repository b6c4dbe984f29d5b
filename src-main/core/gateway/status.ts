import { redactConfig } from '../../../src-shared/config/redact.js';
import type { ConfigResponse, GatewayHealth } from '../../../src-shared/protocol/http.js';
import type { GatewayState } from './types.js';

/** Builds the `/api/health` body from the state and the current WS client count. */
export function resolveGatewayHealth(state: GatewayState, wsClients: number): GatewayHealth {
  const config = state.configStatus();
  return {
    status: 'ok',
    version: state.version,
    uptime_seconds: Math.round((state.clock() - state.startedAt) / 10) / 100,
    config_loaded: config.loaded,
    config_valid: config.valid,
    ws_clients: wsClients,
  };
}

const redactedConfigs = new WeakMap<object, Record<string, unknown>>();

/** Builds the `/api/config` body: the config in effect, redacted once per config object. */
export function resolveConfigResponse(state: GatewayState): ConfigResponse {
  const config = state.config();
  let redacted = redactedConfigs.get(config);
  if (!redacted) {
    redacted = redactConfig(config) as Record<string, unknown>;
    redactedConfigs.set(config, redacted);
  }
  const status = state.configStatus();
  return { config: redacted, path: status.path, loaded_at: status.loadedAt };
}
