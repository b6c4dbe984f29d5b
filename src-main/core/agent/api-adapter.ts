import type { SseEvent } from './sse.js';
import type { ModelErrorContext } from './errors.js';
import type { ProviderRequest, ProviderStreamEvent } from './provider-types.js';

/** An HTTP request ready for fetch. */
export interface BuiltRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Turns one API's SSE events into provider events. */
export interface StreamParser {
  onEvent(event: SseEvent): ProviderStreamEvent[];
  /** The model finished its answer (a finish reason or the end marker arrived). */
  readonly complete: boolean;
  /** The API's end-of-stream marker arrived; nothing more will follow. */
  readonly ended: boolean;
}

/** What differs between the two chat APIs: request shape, stream framing, non-streamed answers. */
export interface ApiAdapter {
  buildRequest(request: ProviderRequest): BuiltRequest;
  createStreamParser(ctx: ModelErrorContext): StreamParser;
  /** For servers that ignore `stream: true` and answer with one JSON body. */
  parseJsonResponse(json: unknown, ctx: ModelErrorContext): ProviderStreamEvent[];
}
