import { z } from 'zod';

/**
 * Ways the gateway's own files can fail, shared by WS error codes, HTTP error types and chat error
 * kinds: the disk is full, the file system is read-only, the store is busy (a lock held too long, too
 * many open files: retry), or the path cannot be used (permissions, a file where a folder should be).
 */
export const STORAGE_ERROR_KINDS = ['storage_full', 'storage_read_only', 'storage_busy', 'storage_unusable'] as const;
export const StorageErrorKindSchema = z.enum(STORAGE_ERROR_KINDS);
export type StorageErrorKind = z.infer<typeof StorageErrorKindSchema>;

/**
 * HTTP status of each storage failure: 507 Insufficient Storage when nothing can be stored (a full
 * disk or a read-only one: neither clears by retrying), 503 with Retry-After when it is worth
 * retrying, 500 for a path that cannot be used until someone fixes it.
 */
export const STORAGE_ERROR_HTTP_STATUS: Record<StorageErrorKind, number> = {
  storage_full: 507,
  storage_read_only: 507,
  storage_busy: 503,
  storage_unusable: 500,
};

/** Codes carried by a WebSocket error response (`{type:"response", id, error:{code, message, details?}}`). */
export const WS_ERROR_CODES = [
  'invalid_frame',
  'invalid_request',
  'method_not_found',
  'unauthorized',
  'forbidden',
  'invalid_params',
  'not_found',
  'rate_limited',
  'internal_error',
  'unavailable',
  'conflict',
  ...STORAGE_ERROR_KINDS,
] as const;
export const WsErrorCodeSchema = z.enum(WS_ERROR_CODES);
export type WsErrorCode = z.infer<typeof WsErrorCodeSchema>;

/** `error.type` values of an HTTP error body. */
export const HTTP_ERROR_TYPES = [
  'unauthorized',
  'forbidden',
  'not_found_error',
  'invalid_request_error',
  'method_not_allowed',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'internal_error',
  'chat_error',
  'service_unavailable',
  'conflict',
  'precondition_required',
  ...STORAGE_ERROR_KINDS,
] as const;
export const HttpErrorTypeSchema = z.enum(HTTP_ERROR_TYPES);
export type HttpErrorType = z.infer<typeof HttpErrorTypeSchema>;

export const HttpErrorBodySchema = z.object({
  error: z.object({
    message: z.string(),
    type: HttpErrorTypeSchema,
    issues: z
      .array(z.object({ path: z.string(), message: z.string(), line: z.number().int().optional(), column: z.number().int().optional() }))
      .optional()
      .describe('A refused config write: each problem with its key path (and, for raw text, line and column)'),
  }),
});
export type HttpErrorBody = z.infer<typeof HttpErrorBodySchema>;

/** WebSocket close codes the gateway uses (RFC 6455 §7.4 and the IANA registry). */
export const WS_CLOSE = {
  normal: 1000,
  goingAway: 1001,
  policyViolation: 1008,
  messageTooBig: 1009,
  internalError: 1011,
  serviceRestart: 1012,
  tryAgainLater: 1013,
} as const;
