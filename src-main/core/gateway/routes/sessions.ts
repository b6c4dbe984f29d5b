import express, { type Request, type RequestHandler } from 'express';
import { SessionKeySchema, SessionPatchSchema } from '../../../../src-shared/protocol/http.js';
import { sendError, sendInvalidRequest, sendJson, sendNotFound } from '../http-common.js';
import { formatZodIssues } from '../ws-methods.js';
import type { RouteContext, RouteSpec } from './types.js';

/** Largest request body accepted (1 MiB); bigger bodies get 413. */
export const MAX_BODY_BYTES = 1024 * 1024;

function sessionKey(req: Request): string | undefined {
  const raw = (req.params as Record<string, string | string[] | undefined>).key;
  const key = Array.isArray(raw) ? raw.join('/') : raw;
  return key !== undefined && SessionKeySchema.safeParse(key).success ? key : undefined;
}

function withKey(handler: (key: string, ...rest: Parameters<RequestHandler>) => unknown): RequestHandler {
  return (req, res, next) => {
    const key = sessionKey(req);
    if (key === undefined) {
      sendInvalidRequest(res, 'Session key must be 1-512 characters; percent-encode it in the path');
      return;
    }
    return handler(key, req, res, next) as ReturnType<RequestHandler>;
  };
}

const parseJsonBody = express.json({ limit: MAX_BODY_BYTES, type: ['application/json', 'application/*+json'] });

function notFound(key: string): string {
  return `No session with key "${key}"`;
}

/** `GET /api/sessions` (serialised once per store change, ETag + 304) and `GET|PATCH|DELETE /api/sessions/{key}`. */
export function createSessionRoutes(ctx: RouteContext): RouteSpec[] {
  const sessions = ctx.state.sessions;
  return [
    {
      path: '/api/sessions',
      auth: true,
      handlers: {
        GET: (req, res) => {
          const list = sessions.list();
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
        GET: withKey((key, _req, res) => {
          const found = sessions.get(key);
          if (!found) return sendNotFound(res, notFound(key));
          sendJson(res, 200, `{"key":${JSON.stringify(key)},"session":${found.json}}`);
        }),
        PATCH: withKey((key, req, res, next) => {
          parseJsonBody(req, res, async (error?: unknown) => {
            if (error) return next(error);
            if (!req.is(['application/json', 'application/*+json'])) {
              return sendError(res, 415, 'unsupported_media_type', 'Send the patch as JSON with Content-Type: application/json');
            }
            const parsed = SessionPatchSchema.safeParse(req.body);
            if (!parsed.success) return sendInvalidRequest(res, `Invalid session patch: ${formatZodIssues(parsed.error.issues, 'body')}`);
            try {
              const updated = await sessions.patch(key, parsed.data);
              if (!updated) return sendNotFound(res, notFound(key));
              sendJson(res, 200, `{"key":${JSON.stringify(key)},"session":${updated.json}}`);
            } catch (failure) {
              next(failure);
            }
          });
        }),
        DELETE: withKey(async (key, _req, res) => {
          if (!(await sessions.delete(key))) return sendNotFound(res, notFound(key));
          sendJson(res, 200, { key, deleted: true });
        }),
      },
    },
  ];
}
