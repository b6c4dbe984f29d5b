import {
  WebSocketFrameSchema,
  WebSocketRequestSchema,
  type WebSocketError,
  type WebSocketEvent,
  type WebSocketFrame,
  type WebSocketRequest,
  type WebSocketResponse,
} from '../../../src-shared/protocol/frames.js';
import type { WsErrorCode } from '../../../src-shared/protocol/errors.js';
import { formatZodIssues } from '../../../src-shared/utils/zod-issues.js';

/** Deepest JSON nesting a frame may have; real frames need a handful of levels. */
export const WS_MAX_FRAME_DEPTH = 32;

/** A frame that could not be used, with what to answer and the request id when one could be read. */
export interface FrameProblem {
  id: string | null;
  code: WsErrorCode;
  message: string;
}

export type ReadFrameResult = { ok: true; request: WebSocketRequest } | ({ ok: false } & FrameProblem);

/** True when the JSON text nests arrays/objects deeper than maxDepth (strings are skipped, so brackets inside them do not count). */
export function exceedsJsonDepth(raw: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 123 || c === 91) {
      if (++depth > maxDepth) return true;
    } else if (c === 125 || c === 93) {
      depth--;
    }
  }
  return false;
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    // Not JSON; callers turn undefined into an invalid_frame answer.
    return undefined;
  }
}

/** Parses a raw message into a frame (the contract's parse_frame); undefined when it is not a JSON frame object. */
export function parseFrame(raw: string): WebSocketFrame | undefined {
  if (exceedsJsonDepth(raw, WS_MAX_FRAME_DEPTH)) return undefined;
  const result = WebSocketFrameSchema.safeParse(parseJson(raw));
  return result.success ? result.data : undefined;
}

/** Checks that a frame is a usable request (the contract's validate_request); undefined when it is not. */
export function validateRequest(frame: WebSocketFrame): WebSocketRequest | undefined {
  const result = WebSocketRequestSchema.safeParse({ ...frame, params: frame.params ?? {} });
  return result.success ? result.data : undefined;
}

function readId(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const id = (value as { id?: unknown }).id;
  return typeof id === 'string' && id.length > 0 && id.length <= 128 ? id : null;
}

/** Parses and checks one client message as a request, saying precisely what is wrong when it is not. */
export function readRequestFrame(raw: string): ReadFrameResult {
  if (exceedsJsonDepth(raw, WS_MAX_FRAME_DEPTH)) {
    return { ok: false, id: null, code: 'invalid_frame', message: `Frame nests deeper than ${WS_MAX_FRAME_DEPTH} levels` };
  }
  const value = parseJson(raw);
  if (value === undefined) return { ok: false, id: null, code: 'invalid_frame', message: 'Frame is not valid JSON' };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, id: null, code: 'invalid_frame', message: 'Frame must be a JSON object' };
  }
  const id = readId(value);
  const type = (value as { type?: unknown }).type;
  if (type !== 'request') {
    return { ok: false, id, code: 'invalid_request', message: `Frame type must be "request" (got ${JSON.stringify(type ?? null)})` };
  }
  const result = WebSocketRequestSchema.safeParse(value);
  if (result.success) return { ok: true, request: result.data };
  return { ok: false, id, code: 'invalid_request', message: `Invalid request frame: ${formatZodIssues(result.error.issues, { root: 'frame' })}` };
}

/** Builds a response frame's JSON (the contract's create_response); with an error, `result` is left out. */
export function createResponse(requestId: string | null, result?: unknown, error?: WebSocketError): string {
  const frame: WebSocketResponse = error
    ? { type: 'response', id: requestId, error }
    : { type: 'response', id: requestId, result: result ?? null };
  return JSON.stringify(frame);
}

/** Builds a success response around a result that is already JSON text, without re-serialising it. */
export function createRawResponse(requestId: string | null, resultJson: string): string {
  return `{"type":"response","id":${JSON.stringify(requestId)},"result":${resultJson}}`;
}

/** Builds an error response frame's JSON (the contract's create_error_response). */
export function createErrorResponse(
  requestId: string | null,
  code: WsErrorCode,
  message: string,
  details?: Record<string, unknown>,
): string {
  return createResponse(requestId, undefined, details ? { code, message, details } : { code, message });
}

/**
 * The part of an event frame shared by every recipient: everything but the per-connection seq.
 * A broadcast stringifies params once here and appends `seq}` per client.
 */
export function createEventPrefix(eventName: string, params: Record<string, unknown> = {}, paramsJson?: string): string {
  return `{"type":"event","event":${JSON.stringify(eventName)},"params":${paramsJson ?? JSON.stringify(params)},"seq":`;
}

/** Completes an event prefix with this connection's seq. */
export function completeEvent(prefix: string, seq: number): string {
  return `${prefix}${seq}}`;
}

/** Builds an event frame's JSON (the contract's create_event) with the given seq (default 1). */
export function createEvent(eventName: string, params: Record<string, unknown> = {}, seq = 1): string {
  return completeEvent(createEventPrefix(eventName, params), seq);
}

/** Serialises any frame (the contract's serialize_frame). */
export function serializeFrame(frame: WebSocketFrame | WebSocketRequest | WebSocketResponse | WebSocketEvent): string {
  return JSON.stringify(frame);
}
