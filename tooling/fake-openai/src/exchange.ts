// One request/response pair on the fake server: reading the body, answering with JSON or
// server-sent events, pausing, and noticing when the client hangs up.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { FakeInputImage } from './input-images.ts';
import type { FakeScenarioSettings } from './scenario.ts';

export interface FakeRecordedRequest {
  /** 0-based, in arrival order. */
  index: number;
  method: string;
  /** The path without the query, e.g. `/v1/images/generations`. */
  path: string;
  /** Request headers, lower-case, with credentials (authorization, api keys, cookies) removed. */
  headers: Record<string, string>;
  /** The JSON body, the multipart fields (files as `{ file, type, size, sha256 }`), or undefined. */
  body: unknown;
  /**
   * The images it hands the model (an Images edit's `images` / `image[]`, the Responses API's
   * `input_image` parts of user messages), decoded and checked: type, size, dimensions, SHA-256.
   */
  inputImages: FakeInputImage[];
  /** The scenario this request acted out. */
  scenario: FakeScenarioSettings;
  receivedAt: number;
  /** True once the client closed the connection before the answer was complete. */
  closedByClient: boolean;
}

export interface Exchange {
  request: IncomingMessage;
  response: ServerResponse;
  record: FakeRecordedRequest;
  scenario: FakeScenarioSettings;
  /** Aborted when the client goes away before the answer is complete. */
  clientGone: AbortSignal;
  /** Told of each streamed event once it is written (see `FakeOpenAIOptions.onEventSent`). */
  onEventSent?: (event: { type: string; at: number }) => void;
}

const secretHeader = /authorization|api-key|apikey|cookie|token|secret/i;

export function redactHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || secretHeader.test(name)) continue;
    result[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return result;
}

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Parses a JSON or multipart body; anything else is kept as text. */
export async function parseBody(contentType: string | undefined, raw: Buffer): Promise<unknown> {
  if (raw.length === 0) return undefined;
  if (contentType?.startsWith('multipart/form-data') === true) {
    // Request.formData is fine here: a loopback test server parsing small bodies it was just sent.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    const form = await new Request('http://fake.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(raw) }).formData();
    const fields: Record<string, unknown> = {};
    for (const [name, value] of form.entries()) {
      const entry = typeof value === 'string' ? value : { file: value.name, type: value.type, size: value.size, sha256: createHash('sha256').update(Buffer.from(await value.arrayBuffer())).digest('hex') };
      const existing = fields[name];
      if (existing === undefined) fields[name] = entry;
      else fields[name] = Array.isArray(existing) ? [...(existing as unknown[]), entry] : [existing, entry];
    }
    return fields;
  }
  const text = raw.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function sendJson(exchange: Exchange, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  exchange.response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    'x-request-id': `req_fake_${exchange.record.index}`,
    ...headers,
  });
  exchange.response.end(text);
}

export function sendError(
  exchange: Exchange,
  status: number,
  error: Record<string, unknown>,
  headers: Record<string, string> = {},
): void {
  sendJson(exchange, status, { error: { param: null, code: null, ...error } }, headers);
}

/** The `ok` scenario's pause before a stream's finished image (after its partial images). */
export async function pauseBeforeFinal(exchange: Exchange): Promise<void> {
  const { name, finalAfterMs = 0 } = exchange.scenario;
  if (name === 'ok') await pause(finalAfterMs, exchange.clientGone);
}

/** Waits `milliseconds`, or less if the client hangs up. */
export function pause(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (milliseconds <= 0 || signal.aborted) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, milliseconds);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Waits until the client hangs up (or the server closes the connection). */
export function untilClientGone(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

export interface SseWriter {
  /** Sends one event; false once the client is gone. */
  send(event: string, data: Record<string, unknown>): Promise<boolean>;
  /** Sends raw text as-is (for malformed streams). */
  sendRaw(text: string): void;
  end(): void;
}

/** Starts an SSE answer. `delayMs` spaces the events out (the `slow` scenario). */
export function startSse(exchange: Exchange, delayMs = 0): SseWriter {
  exchange.response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-request-id': `req_fake_${exchange.record.index}`,
  });
  exchange.response.flushHeaders();
  let sequence = 0;
  return {
    async send(event, data) {
      if (delayMs > 0) await pause(delayMs, exchange.clientGone);
      if (exchange.clientGone.aborted || exchange.response.destroyed) return false;
      exchange.response.write(`event: ${event}\ndata: ${JSON.stringify({ type: event, sequence_number: sequence, ...data })}\n\n`);
      exchange.onEventSent?.({ type: event, at: performance.timeOrigin + performance.now() });
      sequence += 1;
      // Give the client a chance to read each event as it happens.
      await new Promise((resolve) => setImmediate(resolve));
      return true;
    },
    sendRaw(text) {
      if (!exchange.response.destroyed) exchange.response.write(text);
    },
    end() {
      if (!exchange.response.destroyed) exchange.response.end();
    },
  };
}
