import { describe, expect, it } from 'vitest';
import { readSseEvents, type SseEvent } from '../../../src-main/core/agent/sse.js';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function collect(chunks: string[]): Promise<SseEvent[]> {
  const out: SseEvent[] = [];
  for await (const event of readSseEvents(streamOf(chunks))) out.push(event);
  return out;
}

describe('readSseEvents', () => {
  it('reads named and unnamed events', async () => {
    expect(await collect(['event: ping\ndata: {}\n\ndata: hello\n\n'])).toEqual([
      { event: 'ping', data: '{}' },
      { event: 'message', data: 'hello' },
    ]);
  });

  it('joins an event split across chunks, even inside a line', async () => {
    expect(await collect(['da', 'ta: {"a"', ':1}\n', '\n'])).toEqual([{ event: 'message', data: '{"a":1}' }]);
  });

  it('accepts CRLF and CR line ends, including a CRLF split between chunks', async () => {
    expect(await collect(['data: one\r', '\n\r\ndata: two\r\r'])).toEqual([
      { event: 'message', data: 'one' },
      { event: 'message', data: 'two' },
    ]);
  });

  it('joins several data lines with newlines and ignores comments', async () => {
    expect(await collect([': keep-alive\ndata: a\ndata: b\n\n'])).toEqual([{ event: 'message', data: 'a\nb' }]);
  });

  it('keeps a value without the optional space and multi-byte text split across chunks', async () => {
    const bytes = new TextEncoder().encode('data:héllo\n\n');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 7));
        controller.enqueue(bytes.slice(7));
        controller.close();
      },
    });
    const out: SseEvent[] = [];
    for await (const event of readSseEvents(stream)) out.push(event);
    expect(out).toEqual([{ event: 'message', data: 'héllo' }]);
  });

  it('drops a last event that was never terminated by a blank line', async () => {
    expect(await collect(['data: whole\n\ndata: torn'])).toEqual([{ event: 'message', data: 'whole' }]);
  });

  it('throws the read error of a broken stream', async () => {
    let pulls = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulls++ === 0) controller.enqueue(new TextEncoder().encode('data: a\n\n'));
        else controller.error(new Error('socket hang up'));
      },
    });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const event of readSseEvents(stream)) seen.push(event.data);
      })(),
    ).rejects.toThrow('socket hang up');
    expect(seen).toEqual(['a']);
  });
});
