import express, { type Request, type RequestHandler } from 'express';
import { SessionKeySchema } from '../../../src-shared/protocol/http.js';
import { sendError, sendInvalidRequest } from './http-common.js';

/** Largest request body accepted (1 MiB); bigger bodies get 413. */
export const MAX_BODY_BYTES = 1024 * 1024;

function sessionKey(req: Request): string | undefined {
  const raw = (req.params as Record<string, string | string[] | undefined>).key;
  const key = Array.isArray(raw) ? raw.join('/') : raw;
  return key !== undefined && SessionKeySchema.safeParse(key).success ? key : undefined;
}

/** Wraps a `…/*key` handler: the key from the path (slashes kept), or 400 when it is not a valid key. */
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
