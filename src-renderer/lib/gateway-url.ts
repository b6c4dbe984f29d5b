import { DEFAULT_GATEWAY_HOST, DEFAULT_GATEWAY_PORT } from '../../src-shared/config/schema.js';

export const DEFAULT_DASHBOARD_GATEWAY_URL = `http://${DEFAULT_GATEWAY_HOST}:${DEFAULT_GATEWAY_PORT}`;

/**
 * Picks the gateway the page talks to: its own origin when served over http(s) (the gateway, or
 * vite's dev proxy); for a file:// page the `gateway` query parameter (Electron passes it), else
 * the default loopback gateway.
 */
export function resolveDashboardGatewayUrl(location: { protocol: string; origin: string; search: string }): string {
  if (location.protocol === 'http:' || location.protocol === 'https:') return location.origin;
  const requested = new URLSearchParams(location.search).get('gateway');
  if (requested && /^https?:\/\/[^/?#@]+\/?$/.test(requested)) return requested.replace(/\/$/, '');
  return DEFAULT_DASHBOARD_GATEWAY_URL;
}
