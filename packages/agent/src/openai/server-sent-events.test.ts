import { describe, expect, it } from 'vitest';

import { readServerSentEvents } from './server-sent-events.ts';

function body(text: string, chunkSize: number): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream({
    start(controller) {
      for (let offset = 0; offset < bytes.length; offset += chunkSize) controller.enqueue(bytes.subarray(offset, offset + chunkSize));
      controller.close();
    },
  });
}

async function read(text: string, chunkSize: number): Promise<unknown[]> {
  const events: unknown[] = [];
  for await (const event of readServerSentEvents(body(text, chunkSize))) events.push(event);
  return events;
}

describe('readServerSentEvents', () => {
  const stream =
    'event: response.created\ndata: {"type":"response.created","response":{"id":"resp_1"}}\n\n' +
    ': keep-alive comment\n\n' +
    'event: response.output_text.delta\r\ndata: {"type":"response.output_text.delta","delta":"h\\u00e9llo ✓"}\r\n\r\n' +
    'event: error\ndata: {"error":{"code":"server_error","message":"boom"}}\n\n';

  it('yields the same events in order whatever the chunking, with the event name as type when missing', async () => {
    const expected = [
      { type: 'response.created', response: { id: 'resp_1' } },
      { type: 'response.output_text.delta', delta: 'héllo ✓' },
      { type: 'error', error: { code: 'server_error', message: 'boom' } },
    ];
    for (const chunkSize of [1, 3, 7, 64, 10_000]) expect(await read(stream, chunkSize)).toEqual(expected);
  });
});
