import express, { type Request, type RequestHandler } from 'express';
import { SessionKeySchema, SessionPatchSchema } from '../../../../src-shared/protocol/http.js';
import { sendError, sendInvalidRequest, sendJson, sendNotFound } from '../http-common.js';
import { sessionResponseJson } from '../sessions-view.js';
import { formatZodIssues } from '../ws-protocol.js';
import type { RouteContext, RouteSpec } from './types.js';

/** Largest request body accepted (1 MiB); bigger bodies get 413. */
export const MAX_BODY_BYTES = 1024 * 1024;

function sessionKey(req: Request): string | undefined {
  const raw = (req.params as Record<string, string | string[] | undefined>).key;
  const key = Array.isArray(raw) ? raw.join('/') : raw;
  return key !== undefined && SessionKeySchema.safeParse(key).success ? key : undefined;
}

/** Wraps a `/api/sessions/*key…` handler: the key from the path (slashes kept), or 400 when it is not a valid key. */
export function withSessionKey(handler: (key: string, ...rest: Parameters<RequestHandler>) => unknown): RequestHandler {
  return (req, res, next) => {
    const key = sessionKey(req);
    if (key === undefined) {
      sendInvalidRequest(res, 'Session key must be 1-512 characters; percent-encode it in the path');
      return;
    }
    return handler(key, req, res, next) as ReturnType<RequestHandler>;
  };
}

const JSON_BODY_TYPES = ['application/json', 'application/*+json'];
const parseJsonBody = express.json({ limit: MAX_BODY_BYTES, type: JSON_BODY_TYPES });

/**
 * Wraps a handler of a JSON body (at most 1 MiB): parse errors and oversized bodies go to the error
 * handler (400/413), another content type gets 415 with `hint` saying what to send.
 */
export function withJsonBody(hint: string, handler: RequestHandler): RequestHandler {
  return (req, res, next) => {
    parseJsonBody(req, res, (error?: unknown) => {
      if (error) return next(error);
      if (!req.is(JSON_BODY_TYPES)) return sendError(res, 415, 'unsupported_media_type', hint);
      try {
        return handler(req, res, next);
      } catch (failure) {
        next(failure);
      }
    });
  };
}

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
        GET: withSessionKey((key, _req, res) => {
          const found = sessions.get(key);
          if (!found) return sendNotFound(res, notFound(key));
          sendJson(res, 200, sessionResponseJson(key, found));
        }),
        PATCH: withJsonBody(
          'Send the patch as JSON with Content-Type: application/json',
          withSessionKey(async (key, req, res, next) => {
            const parsed = SessionPatchSchema.safeParse(req.body);
            if (!parsed.success) return sendInvalidRequest(res, `Invalid session patch: ${formatZodIssues(parsed.error.issues, 'body')}`);
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
