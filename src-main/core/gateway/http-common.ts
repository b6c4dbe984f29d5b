import type { ServerResponse } from 'node:http';
import { STORAGE_ERROR_HTTP_STATUS, type HttpErrorType } from '../../../src-shared/protocol/errors.js';
import type { StorageError } from '../utils/storage-error.js';
import { createOpenAiErrorBody, isOpenAiPath } from './openai/errors.js';

const JSON_TYPE = 'application/json; charset=utf-8';

/** Sends a JSON body (stringified here unless already a string or Buffer) with no-store caching. */
export function sendJson(res: ServerResponse, statusCode: number, body: unknown): void {
  const payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  res.statusCode = statusCode;
  res.setHeader('Content-Type', JSON_TYPE);
  res.setHeader('Content-Length', Buffer.byteLength(payload));
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(payload);
}

/** Sends a plain-text body (default status 200); the contract's send_text. */
export function sendText(res: ServerResponse, body: string, statusCode = 200): void {
  res.statusCode = statusCode;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(body);
}

/**
 * Sends `{"error":{"message","type"}}` with the given status; under `/v1` (the OpenAI-compatible
 * endpoint) OpenAI's `{"error":{"message","type","param","code"}}` instead, `code` being `type`, so
 * every error there (auth, Host/Origin, rate limit, 404/405/413…) reads as OpenAI clients expect.
 */
export function sendError(res: ServerResponse, statusCode: number, type: HttpErrorType, message: string): void {
  const body = isOpenAiPath(res.req.url) ? createOpenAiErrorBody({ status: statusCode, message, code: type }) : { error: { message, type } };
  sendJson(res, statusCode, body);
}

/** Sends 401 `unauthorized`; the WWW-Authenticate header tells clients to use a Bearer token. */
export function sendUnauthorized(res: ServerResponse, message = 'Unauthorized'): void {
  res.setHeader('WWW-Authenticate', 'Bearer realm="openclaw-gateway"');
  sendError(res, 401, 'unauthorized', message);
}

/** Sends 403 `forbidden`. */
export function sendForbidden(res: ServerResponse, message = 'Forbidden'): void {
  sendError(res, 403, 'forbidden', message);
}

/** Sends 400 `invalid_request_error`. */
export function sendInvalidRequest(res: ServerResponse, message: string): void {
  sendError(res, 400, 'invalid_request_error', message);
}

/** Sends 404 `not_found_error`. */
export function sendNotFound(res: ServerResponse, message = 'Not Found'): void {
  sendError(res, 404, 'not_found_error', message);
}

/** Sends 405 `method_not_allowed` with an `Allow` header listing the methods the route accepts. */
export function sendMethodNotAllowed(res: ServerResponse, method: string, allowed: readonly string[]): void {
  res.setHeader('Allow', allowed.join(', '));
  sendError(res, 405, 'method_not_allowed', `Method ${method} is not allowed here; use ${allowed.join(', ')}`);
}

/** Sends a storage failure with its own status (507 full or read-only, 503 busy with Retry-After, 500 unusable path) and type. */
export function sendStorageError(res: ServerResponse, error: StorageError): void {
  if (error.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(Math.ceil(error.retryAfterSeconds)));
  sendError(res, STORAGE_ERROR_HTTP_STATUS[error.kind], error.kind, error.message);
}

/** Sends 429 `rate_limited` with `Retry-After` in whole seconds and the message (rateLimitedMessage or busyMessage). */
export function sendRateLimited(res: ServerResponse, retryAfterSeconds: number, message: string): void {
  res.setHeader('Retry-After', String(retryAfterSeconds));
  sendError(res, 429, 'rate_limited', message);
}
