import { describe, expect, it } from 'vitest';

import { readServerSentEvents, type ReplacedEvents } from './server-sent-events.ts';

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

  it('reads a last event the stream ends without its blank line, and nothing from a tail of blank lines', async () => {
    expect(await read('data: {"type":"a"}\n\ndata: {"type":"b"}', 5)).toEqual([{ type: 'a' }, { type: 'b' }]);
    expect(await read('data: {"type":"a"}\n\n \n', 5)).toEqual([{ type: 'a' }]);
  });
});

describe('readServerSentEvents with replaced events (a partial image the finished one is right behind)', () => {
  const frame = (index: number) => `data: {"type":"response.image_generation_call.partial_image","item_id":"ig_1","partial_image_index":${String(index)}}\n\n`;
  const finished = (result: string) => `data: {"type":"response.output_item.done","item":{"id":"ig_1","type":"image_generation_call","result":"${result}"}}\n\n`;
  const note = 'data: {"type":"response.image_generation_call.completed","item_id":"ig_1"}\n\n';
  const text = 'data: {"type":"response.output_text.delta","delta":"Here it is."}\n\n';
  const replaced: ReplacedEvents = {
    replaceable: (event) => (event.type === 'response.image_generation_call.partial_image' ? String(event.item_id) : undefined),
    replaces: (event) => {
      const item = event.item as { id?: string; result?: string } | undefined;
      return event.type === 'response.output_item.done' && item?.result !== '' ? item?.id : undefined;
    },
    holdMs: 200,
    pauseMs: 40,
  };

  /** A body written piece by piece, `after` ms apart (0: in the same moment). */
  function written(pieces: { text: string; after: number }[]): ReadableStream<Uint8Array> {
    const encoder = new TextEncoder();
    return new ReadableStream({
      async start(controller) {
        for (const piece of pieces) {
          if (piece.after > 0) await new Promise((resolve) => setTimeout(resolve, piece.after));
          controller.enqueue(encoder.encode(piece.text));
        }
        controller.close();
      },
    });
  }

  /** Each event's type (and partial index), with when it was handed over (ms from the start). */
  async function timeline(stream: ReadableStream<Uint8Array>): Promise<{ event: string; at: number }[]> {
    const started = performance.now();
    const seen: { event: string; at: number }[] = [];
    for await (const event of readServerSentEvents(stream, replaced)) {
      const index = typeof event.partial_image_index === 'number' ? `#${String(event.partial_image_index)}` : '';
      seen.push({ event: `${String(event.type)}${index}`, at: performance.now() - started });
    }
    return seen;
  }

  const names = (seen: { event: string }[]) => seen.map((entry) => entry.event);

  it('drops a partial frame when the finished image comes right behind it, keeping every other event in order', async () => {
    const seen = await timeline(written([{ text: frame(0), after: 0 }, { text: frame(1) + note, after: 400 }, { text: finished('aGk='), after: 1 }, { text: text, after: 0 }]));
    expect(names(seen)).toEqual([
      'response.image_generation_call.partial_image#0',
      'response.image_generation_call.completed',
      'response.output_item.done',
      'response.output_text.delta',
    ]);
  }, 20_000);

  it('hands the finished image over as it comes, not after a pause', async () => {
    const enqueued: number[] = [];
    const encoder = new TextEncoder();
    // The finished image comes with a frame; then nothing for a long while.
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(encoder.encode(frame(0)));
        await new Promise((resolve) => setTimeout(resolve, 300));
        enqueued.push(performance.now());
        controller.enqueue(encoder.encode(frame(1) + finished('aGk=')));
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        controller.close();
      },
    });
    let finishedAt = Number.NaN;
    for await (const event of readServerSentEvents(stream, { ...replaced, pauseMs: 400, holdMs: 2_000 })) {
      if (event.type === 'response.output_item.done') finishedAt = performance.now();
    }
    // Not held for the 400 ms pause.
    expect(finishedAt - (enqueued[0] ?? 0)).toBeLessThan(200);
  }, 20_000);

  it('shows a partial frame once the stream pauses: a moment later, never lost', async () => {
    const seen = await timeline(written([{ text: frame(0), after: 0 }, { text: finished('aGk='), after: 600 }]));
    expect(names(seen)).toEqual(['response.image_generation_call.partial_image#0', 'response.output_item.done']);
    const [shown, final] = seen;
    // Held for the pause (40 ms), not until the finished image (600 ms).
    expect(shown?.at).toBeGreaterThanOrEqual(35);
    expect(final!.at - shown!.at).toBeGreaterThan(300);
  }, 20_000);

  it('shows a partial frame when the stream keeps arriving for longer than it may be held', async () => {
    // Text keeps coming every 20 ms (under the pause) for longer than the hold (200 ms).
    const trickle = Array.from({ length: 20 }, () => ({ text, after: 20 }));
    const seen = await timeline(written([{ text: frame(0), after: 0 }, ...trickle, { text: finished('aGk='), after: 0 }]));
    expect(names(seen)[0]).toBe('response.image_generation_call.partial_image#0');
    expect(names(seen).filter((name) => name === 'response.output_text.delta')).toHaveLength(20);
    expect(seen[0]!.at).toBeLessThan(seen.at(-1)!.at - 100);
  }, 20_000);

  it('keeps a partial frame an image that failed comes behind (it has no picture to replace it)', async () => {
    const seen = await timeline(written([{ text: frame(0) + finished(''), after: 0 }]));
    expect(names(seen)).toEqual(['response.image_generation_call.partial_image#0', 'response.output_item.done']);
  }, 20_000);

  it('keeps a held frame when the stream ends before anything replaces it', async () => {
    const seen = await timeline(written([{ text: frame(0) + text, after: 0 }]));
    expect(names(seen)).toEqual(['response.image_generation_call.partial_image#0', 'response.output_text.delta']);
  }, 20_000);

  it('drops every frame of the image the finished one replaces, and no other image\'s', async () => {
    const other = 'data: {"type":"response.image_generation_call.partial_image","item_id":"ig_2","partial_image_index":7}\n\n';
    const seen = await timeline(written([{ text: frame(0) + other + frame(1) + finished('aGk='), after: 0 }]));
    expect(names(seen)).toEqual(['response.image_generation_call.partial_image#7', 'response.output_item.done']);
  }, 20_000);

  it('shows only the newest of frames that come in a burst, once the stream pauses', async () => {
    const seen = await timeline(written([{ text: frame(0) + frame(1) + text + frame(2), after: 0 }, { text: finished('aGk='), after: 400 }]));
    expect(names(seen)).toEqual(['response.output_text.delta', 'response.image_generation_call.partial_image#2', 'response.output_item.done']);
  }, 20_000);

  it('reads a stream as before without replaced events: every frame kept', async () => {
    const events: unknown[] = [];
    for await (const event of readServerSentEvents(written([{ text: frame(0) + frame(1) + finished('aGk='), after: 0 }]))) events.push(event);
    expect(events).toHaveLength(3);
  }, 20_000);
});
