import type { OpenClawConfig } from '../../../src-shared/config/schema.js';
import type { ConfigIssue } from '../../../src-shared/config/snapshot.js';
import { describeError } from '../../../src-shared/utils/common.js';
import { resolveGatewayPortOverride, type Env } from '../config/paths.js';
import { GatewayStartError } from '../start-error.js';
import { assertSafeBind } from './server.js';

/** Where the gateway listens. */
export interface ListenAddress {
  host: string;
  port: number;
}

/** What wins over the config file: the CLI's --port and the desktop's choices, then OPENCLAW_GATEWAY_PORT. */
export interface ListenOverrides {
  env: Env;
  portOverride?: number;
  hostOverride?: string;
  /** Named in error messages. */
  configPath: string;
}

/**
 * Resolves the address the gateway listens on, the one place that does: the port is `portOverride`,
 * else OPENCLAW_GATEWAY_PORT, else gateway.port; the host `hostOverride`, else gateway.host. Throws
 * GatewayStartError `config_invalid` for a bad OPENCLAW_GATEWAY_PORT and `insecure_bind` for a
 * non-loopback host without gateway.token or gateway.password.
 */
export function resolveListenAddress(config: OpenClawConfig, overrides: ListenOverrides): ListenAddress {
  let port: number;
  try {
    port = overrides.portOverride ?? resolveGatewayPortOverride(overrides.env) ?? config.gateway.port;
  } catch (error) {
    throw new GatewayStartError('config_invalid', describeError(error), { cause: error });
  }
  const host = overrides.hostOverride ?? config.gateway.host;
  assertSafeBind(host, config.gateway, overrides.configPath);
  return { host, port };
}

/** The issues resolveListenAddress would throw for `config` (empty when it can listen), for refusing a config change. */
export function resolveListenIssues(config: OpenClawConfig, overrides: ListenOverrides): ConfigIssue[] {
  try {
    resolveListenAddress(config, overrides);
    return [];
  } catch (error) {
    return [{ path: 'gateway', message: describeError(error) }];
  }
}
