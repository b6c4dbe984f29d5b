import { createOpenApiDocument } from '../openapi.js';
import { sendJson } from '../http-common.js';
import type { RouteContext, RouteSpec } from './types.js';

/** `GET /api/openapi.json`, generated on first request and kept. */
export function createOpenApiRoutes(ctx: RouteContext): RouteSpec[] {
  let body: string | undefined;
  return [
    {
      path: '/api/openapi.json',
      auth: false,
      handlers: {
        GET: (_req, res) => {
          body ??= JSON.stringify(createOpenApiDocument(ctx.state.version));
          sendJson(res, 200, body);
        },
      },
    },
  ];
}
