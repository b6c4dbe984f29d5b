import { SessionListQuerySchema, SessionPatchSchema } from '../../../../src-shared/protocol/http.js';
import { resolveModelOverrideIssue } from '../../agent/models.js';
import { formatZodIssues } from '../../../../src-shared/utils/zod-issues.js';
import { sendInvalidRequest, sendJson, sendNotFound } from '../http-common.js';
import { withJsonBody, withSessionKey } from '../http-request.js';
import { SessionListQueryError } from '../sessions-page.js';
import { sessionResponseJson, type SessionListBody } from '../sessions-view.js';
import type { RouteContext, RouteSpec } from './types.js';

function notFound(key: string): string {
  return `No session with key "${key}"`;
}

/**
 * `GET /api/sessions` (every session, serialised once per store change, or one page for limit, cursor,
 * q, sort, channel, chat_type; ETag + 304) and `GET|PATCH|DELETE /api/sessions/{key}`.
 */
export function createSessionRoutes(ctx: RouteContext): RouteSpec[] {
  const sessions = ctx.state.sessions;
  return [
    {
      path: '/api/sessions',
      auth: true,
      handlers: {
        GET: (req, res) => {
          const query = SessionListQuerySchema.safeParse(req.query);
          if (!query.success) return sendInvalidRequest(res, `Invalid sessions query: ${formatZodIssues(query.error.issues, { root: 'query' })}`);
          let list: SessionListBody;
          try {
            list = sessions.list(query.data);
          } catch (error) {
            if (error instanceof SessionListQueryError) return sendInvalidRequest(res, error.message);
            throw error;
          }
          res.setHeader('ETag', list.etag);
          res.setHeader('Cache-Control', 'private, no-cache');
          if (req.headers['if-none-match'] === list.etag) {
            res.statusCode = 304;
            res.end();
            return;
          }
          res.statusCode = 200;
          res.setHeader('Content-Type', 'application/json; charset=utf-8');
          res.setHeader('Content-Length', list.body.length);
          res.end(list.body);
        },
      },
    },
    {
      path: '/api/sessions/*key',
      auth: true,
      handlers: {
        GET: withSessionKey((key, _req, res) => {
          const found = sessions.get(key);
          if (!found) return sendNotFound(res, notFound(key));
          // The entry itself, as the contract's route answers; PATCH and the WS methods keep {key, session}.
          sendJson(res, 200, found);
        }),
        PATCH: withJsonBody(
          'Send the patch as JSON with Content-Type: application/json',
          withSessionKey(async (key, req, res, next) => {
            const parsed = SessionPatchSchema.safeParse(req.body);
            if (!parsed.success) return sendInvalidRequest(res, `Invalid session patch: ${formatZodIssues(parsed.error.issues, { root: 'body' })}`);
            const overrideIssue = parsed.data.model_override ? resolveModelOverrideIssue(ctx.state.config().models, parsed.data.model_override) : undefined;
            if (overrideIssue) return sendInvalidRequest(res, overrideIssue);
            try {
              const updated = await sessions.patch(key, parsed.data);
              if (!updated) return sendNotFound(res, notFound(key));
              sendJson(res, 200, sessionResponseJson(key, updated));
            } catch (failure) {
              next(failure);
            }
          }),
        ),
        DELETE: withSessionKey(async (key, _req, res) => {
          if (!(await sessions.delete(key))) return sendNotFound(res, notFound(key));
          sendJson(res, 200, { key, deleted: true });
        }),
      },
    },
  ];
}
