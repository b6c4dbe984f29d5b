import type { HttpErrorBody, HttpErrorType, WsErrorCode } from '../protocol/errors.js';

/** An HTTP call answered with an error status; `type` is the gateway's error type when the body carried one. */
export class GatewayHttpError extends Error {
  override readonly name = 'GatewayHttpError';
  constructor(
    message: string,
    readonly status: number,
    readonly type: HttpErrorType | 'network_error' | 'invalid_response',
    /** A refused config write: each problem with its key path (and line/column for raw text). */
    readonly issues: HttpErrorBody['error']['issues'] = undefined,
  ) {
    super(message);
  }
}

/** A WebSocket request answered with an error frame, or one that could not be sent or timed out. */
export class GatewayRequestError extends Error {
  override readonly name = 'GatewayRequestError';
  constructor(
    message: string,
    readonly code: WsErrorCode | 'not_connected' | 'timeout' | 'connection_lost',
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}
