import type { ServerResponse } from 'node:http';
import type { OpenAiErrorBody, OpenAiFinishReason, OpenAiUsage } from '../../../../src-shared/protocol/openai.js';
import { createOpenAiChunk, type OpenAiCompletionIdentity } from './response.js';

/** A streamed completion on one response: `data:` chunks, then `data: [DONE]`. */
export interface OpenAiStream {
  /** True once the 200 went out; until then a failure can still be answered with its own status. */
  readonly started: boolean;
  delta(text: string): void;
  /** Sends the finish chunk, the usage chunk (with include_usage) and `[DONE]`, and ends the response. */
  end(finishReason: OpenAiFinishReason, usage: OpenAiUsage): void;
  /** Sends an error frame, as OpenAI does mid-stream, and ends the response without `[DONE]`. */
  fail(body: OpenAiErrorBody): void;
  /** Stops the keep-alive; the response is left as it is (the client went away). */
  close(): void;
}

export interface OpenAiStreamOptions {
  includeUsage: boolean;
  /** A comment line this often keeps idle proxies from closing a slow model's stream; the first one also sends the headers. */
  keepaliveMs: number;
}

const frame = (data: unknown): string => `data: ${JSON.stringify(data)}\n\n`;

/**
 * Starts a stream that sends its 200 and the role chunk only with the first piece of text (or the
 * first keep-alive), so a run failing before it answers (a provider error, no model) still gets a
 * proper status and error body.
 */
export function startOpenAiStream(res: ServerResponse, identity: OpenAiCompletionIdentity, options: OpenAiStreamOptions): OpenAiStream {
  let started = false;
  // With include_usage every chunk before the last carries usage: null, as OpenAI's do.
  const pendingUsage = options.includeUsage ? null : undefined;
  const write = (text: string): void => {
    if (!res.destroyed && !res.writableEnded) res.write(text);
  };
  const start = (): void => {
    if (started) return;
    started = true;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      Connection: 'keep-alive',
    });
    write(frame(createOpenAiChunk(identity, { role: 'assistant', content: '' }, null, pendingUsage)));
  };
  const keepalive = setInterval(() => {
    start();
    write(': keep-alive\n\n');
  }, options.keepaliveMs);

  return {
    get started() {
      return started;
    },
    delta(text) {
      start();
      write(frame(createOpenAiChunk(identity, { content: text }, null, pendingUsage)));
    },
    end(finishReason, usage) {
      clearInterval(keepalive);
      start();
      write(frame(createOpenAiChunk(identity, {}, finishReason, pendingUsage)));
      if (options.includeUsage) write(frame(createOpenAiChunk(identity, null, null, usage)));
      write('data: [DONE]\n\n');
      res.end();
    },
    fail(body) {
      clearInterval(keepalive);
      start();
      write(frame(body));
      res.end();
    },
    close() {
      clearInterval(keepalive);
    },
  };
}
