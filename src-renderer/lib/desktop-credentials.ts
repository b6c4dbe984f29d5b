import type { ClientCredentials } from '../../src-shared/client/http-api.js';
import { DESKTOP_API_GLOBAL, GatewayInfoSchema, type DesktopApi } from '../../src-shared/desktop-api.js';

/** The preload's bridge when the page runs inside the Electron window; undefined in a browser. */
export function resolveDesktopApi(scope: object): DesktopApi | undefined {
  const api = (scope as Record<string, unknown>)[DESKTOP_API_GLOBAL];
  return typeof api === 'object' && api !== null ? (api as DesktopApi) : undefined;
}

/**
 * Inside the desktop app, the per-run token the gateway accepts as a Bearer token, so the window
 * authenticates without relying on local-direct; undefined in a browser, while attached to a gateway
 * started outside the app, or when the bridge fails
 * (the page then falls back to the tab's saved credentials and, failing that, local-direct).
 */
export async function loadDesktopCredentials(api: DesktopApi | undefined): Promise<ClientCredentials | undefined> {
  if (!api) return undefined;
  try {
    const info = GatewayInfoSchema.parse(await api.getGatewayInfo());
    // Attached to a gateway started outside the app: it does not know our token, and would refuse it.
    return info.token === null ? undefined : { token: info.token };
  } catch (error) {
    console.warn('OpenClaw desktop bridge did not answer; signing in as a web client', error);
    return undefined;
  }
}
