/** One Server-Sent Event: `event` is "message" when the server named none. */
export interface SseEvent {
  event: string;
  data: string;
}

/**
 * Reads Server-Sent Events from a response body as they arrive (WHATWG framing: `event:` and `data:`
 * fields, blank line ends an event, `:` comments ignored, CR/LF/CRLF line ends). A final event not
 * followed by a blank line is dropped, as the spec says; read errors (a cut connection) are thrown.
 */
export async function* readSseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let buffer = '';
  let eventName = '';
  let data: string[] = [];
  // Yields the events completed by the lines in `buffer`; at the end of the stream a trailing CR ends a line too.
  function* drain(final: boolean): Generator<SseEvent> {
    let start = 0;
    for (;;) {
      const lineEnd = findLineEnd(buffer, start);
      if (lineEnd === -1) break;
      // A CR at the very end may be the first half of a CRLF split across chunks: wait for more.
      if (!final && buffer[lineEnd] === '\r' && lineEnd + 1 === buffer.length) break;
      const line = buffer.slice(start, lineEnd);
      start = lineEnd + (buffer[lineEnd] === '\r' && buffer[lineEnd + 1] === '\n' ? 2 : 1);
      if (line === '') {
        if (data.length > 0) yield { event: eventName || 'message', data: data.join('\n') };
        eventName = '';
        data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') eventName = value;
      else if (field === 'data') data.push(value);
    }
    buffer = buffer.slice(start);
  }

  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        buffer += decoder.decode();
        yield* drain(true);
        return;
      }
      buffer += decoder.decode(value, { stream: true });
      yield* drain(false);
    }
  } finally {
    // Stops the download when the consumer leaves early (abort, error in a handler).
    reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

function findLineEnd(buffer: string, from: number): number {
  for (let i = from; i < buffer.length; i++) {
    const ch = buffer.charCodeAt(i);
    if (ch === 10 || ch === 13) return i;
  }
  return -1;
}
