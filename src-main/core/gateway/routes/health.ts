import { sendJson } from '../http-common.js';
import { resolveGatewayHealth } from '../status.js';
import type { RouteContext, RouteSpec } from './types.js';

const HEALTH_BODY = Buffer.from('{"status":"ok"}');

/** `GET /health` (public liveness, a constant body) and `GET /api/health` (version, uptime, config, clients). */
export function createHealthRoutes(ctx: RouteContext): RouteSpec[] {
  return [
    {
      path: '/health',
      auth: false,
      handlers: {
        GET: (_req, res) => sendJson(res, 200, HEALTH_BODY),
      },
    },
    {
      path: '/api/health',
      auth: true,
      handlers: { GET: (_req, res) => sendJson(res, 200, resolveGatewayHealth(ctx.state, ctx.clientCount())) },
    },
  ];
}
