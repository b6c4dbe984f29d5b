import { redactConfigSnapshot } from '../config-redaction.js';
import { sendJson } from '../http-common.js';
import { resolveConfigResponse } from '../status.js';
import type { RouteContext, RouteSpec } from './types.js';

/** `GET /api/config` (the config in effect, redacted) and `GET /api/config/snapshot` (the file as read now, redacted). */
export function createConfigRoutes(ctx: RouteContext): RouteSpec[] {
  return [
    {
      path: '/api/config',
      auth: true,
      handlers: { GET: (_req, res) => sendJson(res, 200, resolveConfigResponse(ctx.state)) },
    },
    {
      path: '/api/config/snapshot',
      auth: true,
      handlers: {
        GET: async (_req, res) => sendJson(res, 200, redactConfigSnapshot(await ctx.state.readConfigSnapshot())),
      },
    },
  ];
}
