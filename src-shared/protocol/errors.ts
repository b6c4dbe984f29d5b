import { z } from 'zod';

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
] as const;
export const HttpErrorTypeSchema = z.enum(HTTP_ERROR_TYPES);
export type HttpErrorType = z.infer<typeof HttpErrorTypeSchema>;

export const HttpErrorBodySchema = z.object({
  error: z.object({
    message: z.string(),
    type: HttpErrorTypeSchema,
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
