// Reads a Responses API SSE body into events. Our own reader rather than the SDK's so a final
// image (megabytes of base64 in one `data:` line) is parsed through parseJsonBytes, fast.
import { parseJsonBytes } from '../parse-json-bytes.ts';

const lineFeed = 0x0a;

function findEventEnd(buffer: Buffer, from: number): { end: number; next: number } | undefined {
  for (let index = buffer.indexOf(lineFeed, from); index !== -1; index = buffer.indexOf(lineFeed, index + 1)) {
    if (buffer[index + 1] === lineFeed) return { end: index, next: index + 2 };
    if (buffer[index + 1] === 0x0d && buffer[index + 2] === lineFeed) return { end: index, next: index + 3 };
  }
  return undefined;
}

function parseEvent(block: Buffer): Record<string, unknown> | undefined {
  let name: string | undefined;
  const data: Buffer[] = [];
  let start = 0;
  while (start <= block.length) {
    let end = block.indexOf(lineFeed, start);
    if (end === -1) end = block.length;
    const line = block.subarray(start, block[end - 1] === 0x0d ? end - 1 : end);
    if (line.subarray(0, 5).toString('latin1') === 'data:') data.push(line.subarray(line[5] === 0x20 ? 6 : 5));
    else if (line.subarray(0, 6).toString('latin1') === 'event:') name = line.subarray(6).toString('utf8').trim();
    start = end + 1;
  }
  if (data.length === 0) return undefined;
  const payload = data.length === 1 ? (data[0] ?? Buffer.alloc(0)) : Buffer.concat(data.flatMap((part, index) => (index === 0 ? [part] : [Buffer.from('\n'), part])));
  if (payload.toString('latin1', 0, 6) === '[DONE]') return undefined;
  const parsed = parseJsonBytes(payload);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const event = parsed as Record<string, unknown>;
  // `event: error` blocks may carry `{ error: {...} }` without a `type`.
  if (typeof event.type !== 'string' && name !== undefined) event.type = name;
  return event;
}

/**
 * Events a later one makes pointless: a partial image the finished image right behind it
 * replaces. Each replaceable event is held until the stream pauses (`pauseMs`, or `holdMs` at
 * most while it keeps arriving) and dropped if what replaces it comes meanwhile, so the app
 * never draws a frame only for the moment before the picture that replaces it.
 */
export interface ReplacedEvents {
  /** The key of an event a later one may replace, or undefined. */
  replaceable(event: Record<string, unknown>): string | undefined;
  /** The key of the events this one replaces, or undefined. */
  replaces(event: Record<string, unknown>): string | undefined;
  /** The longest a replaceable event is held (ms) while the stream keeps arriving. */
  holdMs: number;
  /** A held event goes once the stream pauses this long (ms). */
  pauseMs: number;
}

interface Held {
  key: string;
  events: Record<string, unknown>[];
  until: number;
}

/** The read, or undefined once `ms` pass without it. */
async function readWithin<T>(read: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([read, new Promise<undefined>((resolve) => (timer = setTimeout(resolve, ms, undefined)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** The JSON events of an SSE body, in order (less any `replaced` drops). Throws SyntaxError on a malformed `data:` payload. */
export async function* readServerSentEvents(body: ReadableStream<Uint8Array>, replaced?: ReplacedEvents): AsyncGenerator<Record<string, unknown>> {
  let buffer: Buffer = Buffer.alloc(0);
  let scanFrom = 0;
  let held: Held | undefined;
  const reader = body.getReader();
  try {
    for (;;) {
      const read = reader.read();
      if (held !== undefined && (await readWithin(read, Math.min(held.until - performance.now(), replaced?.pauseMs ?? 0))) === undefined) {
        // The stream paused (or kept on too long): what was held is shown after all.
        yield* held.events;
        held = undefined;
      }
      const { done, value } = await read;
      if (done) break;
      buffer = buffer.length === 0 ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : Buffer.concat([buffer, value]);
      let start = 0;
      for (let found = findEventEnd(buffer, Math.max(0, scanFrom - 2)); found !== undefined; found = findEventEnd(buffer, start)) {
        const event = parseEvent(buffer.subarray(start, found.end));
        start = found.next;
        if (event === undefined) continue;
        // (Only events `replaced` names are ever held.)
        if (held !== undefined && replaced !== undefined) {
          const key = held.key;
          // A newer frame replaces the older ones too; the finished image, every frame.
          const finished = replaced.replaces(event) === key;
          if (finished || replaced.replaceable(event) === key) held.events = held.events.filter((waiting) => replaced.replaceable(waiting) !== key);
          if (!finished) {
            held.events.push(event);
            continue;
          }
          yield* held.events;
          held = undefined;
          yield event;
          continue;
        }
        const key = replaced?.replaceable(event);
        // Held only while the stream keeps arriving: one that pauses shows it a moment later.
        if (replaced !== undefined && key !== undefined) {
          held = { key, events: [event], until: performance.now() + replaced.holdMs };
          continue;
        }
        yield event;
      }
      buffer = buffer.subarray(start);
      scanFrom = buffer.length;
    }
    if (held !== undefined) yield* held.events;
    const rest = buffer.toString('utf8').trim() === '' ? undefined : parseEvent(buffer);
    if (rest !== undefined) yield rest;
  } finally {
    reader.releaseLock();
  }
}
