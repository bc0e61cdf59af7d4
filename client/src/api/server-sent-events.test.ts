import { describe, expect, it } from 'vitest';
import { readServerSentEvents } from './server-sent-events';
import type { ServerSentEvent } from './server-sent-events';

function streamOf(chunks: readonly string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function collect(chunks: readonly string[]): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  for await (const event of readServerSentEvents(streamOf(chunks))) events.push(event);
  return events;
}

describe('readServerSentEvents', () => {
  it('reads id, event and data, skips heartbeats, and joins multi-line data', async () => {
    expect(await collect([': heartbeat\n\n', 'id: 3\nevent: progress\ndata: {"a":\ndata: 1}\n\n', 'data:plain\n\n'])).toEqual([
      { id: '3', event: 'progress', data: '{"a":\n1}' },
      // The id carries over (the standard's last event id); the type resets to "message".
      { id: '3', event: 'message', data: 'plain' },
    ]);
  });

  it('accepts CR, LF and CRLF line ends, also when a CRLF or a multi-byte character is split across chunks', async () => {
    const bytes = new TextEncoder().encode('data: Привет\r\n\r\n');
    const split = new ReadableStream<Uint8Array>({
      start(controller) {
        // Cut inside the two-byte "П" and between CR and LF.
        controller.enqueue(bytes.slice(0, 7));
        controller.enqueue(bytes.slice(7, 19));
        controller.enqueue(bytes.slice(19));
        controller.close();
      },
    });
    const events: ServerSentEvent[] = [];
    for await (const event of readServerSentEvents(split)) events.push(event);
    expect(events).toEqual([{ id: null, event: 'message', data: 'Привет' }]);
    expect(await collect(['data: a\r\rdata: b\n\n'])).toEqual([
      { id: null, event: 'message', data: 'a' },
      { id: null, event: 'message', data: 'b' },
    ]);
  });

  it('drops an unfinished event at the end of the stream and ignores an id with NUL', async () => {
    expect(await collect(['id: 1\ndata: done\n\n', 'id: 2\0\ndata: cut'])).toEqual([{ id: '1', event: 'message', data: 'done' }]);
  });

  it('stops on a line that never ends instead of buffering without bound', async () => {
    await expect(collect(['data: ', 'x'.repeat(1_100_000)])).rejects.toThrow('too long');
  });
});
