import { GATEWAY_SERVICE_NAME, type HealthCheckResponse } from '../../../../src-shared/protocol/http.js';
import { sendJson } from '../http-common.js';
import { resolveGatewayHealth } from '../status.js';
import type { RouteContext, RouteSpec } from './types.js';

/** `GET /health` (public liveness and identity, a constant body) and `GET /api/health` (version, uptime, config, clients). */
export function createHealthRoutes(ctx: RouteContext): RouteSpec[] {
  // Built once: the answer never changes while this process runs, and /health is the hot path of probes.
  const health: HealthCheckResponse = { status: 'ok', service: GATEWAY_SERVICE_NAME, version: ctx.state.version, pid: process.pid };
  const body = Buffer.from(JSON.stringify(health));
  return [
    {
      path: '/health',
      auth: false,
      handlers: {
        GET: (_req, res) => sendJson(res, 200, body),
      },
    },
    {
      path: '/api/health',
      auth: true,
      handlers: { GET: (_req, res) => sendJson(res, 200, resolveGatewayHealth(ctx.state, ctx.clientCount())) },
    },
  ];
}
