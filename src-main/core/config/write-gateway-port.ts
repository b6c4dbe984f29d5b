import { resolveGatewayPortOverride, type Env } from './paths.js';
import { startLiveConfig } from './live-config.js';

/**
 * Writes `gateway.port` into the config file through the same path as the dashboard's settings
 * (LiveConfig.update: validated, atomic, comments kept, `.bak` beside it), for a gateway that is not
 * running. Throws an Error when OPENCLAW_GATEWAY_PORT would win over the file anyway, and the
 * LiveConfig's errors (an invalid config, a write that failed) as they are.
 */
export async function writeGatewayPort(options: { configPath: string; env: Env; port: number }): Promise<void> {
  if (resolveGatewayPortOverride(options.env) !== undefined) {
    throw new Error(`OPENCLAW_GATEWAY_PORT is set and wins over gateway.port in ${options.configPath}; unset it (or change it) to move the gateway`);
  }
  const live = await startLiveConfig({ path: options.configPath, env: options.env });
  try {
    await live.update({ baseHash: live.snapshot().hash, changes: [{ path: ['gateway', 'port'], value: options.port }] });
  } finally {
    await live.close();
  }
}
