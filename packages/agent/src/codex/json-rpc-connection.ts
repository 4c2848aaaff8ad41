// The project's own JSON-RPC 2.0 client for `codex app-server`: one JSON object per line over
// stdio. Matches responses to requests, routes notifications and server requests, and skips
// (and reports) lines that are not valid JSON-RPC instead of dying on them.
import type { Readable, Writable } from 'node:stream';

import { parseJsonBytes } from '../parse-json-bytes.ts';

export type JsonRpcId = number | string;

export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

/** The server answered a request with a JSON-RPC error. */
export class JsonRpcRequestError extends Error {
  override readonly name = 'JsonRpcRequestError';
  readonly code: number;
  readonly method: string;

  constructor(method: string, error: JsonRpcErrorObject) {
    super(`${method} failed: ${error.message}`);
    this.code = error.code;
    this.method = method;
  }
}

/** The connection ended (process exit, stream closed) before a response arrived. */
export class JsonRpcClosedError extends Error {
  override readonly name = 'JsonRpcClosedError';
}

export interface JsonRpcConnectionOptions {
  /** The server's stdout. */
  input: Readable;
  /** The server's stdin. */
  output: Writable;
  onNotification: (method: string, params: unknown) => void;
  /** Answers a request the server sends us (approvals, tool calls). Throw to answer with an error. */
  onServerRequest?: (method: string, params: unknown) => unknown;
  /** A line that is not JSON-RPC: logged by the caller, never fatal. */
  onMalformedLine?: (line: string, reason: string) => void;
}

export interface JsonRpcConnection {
  request<Result>(method: string, params?: unknown): Promise<Result>;
  notify(method: string, params?: unknown): void;
  /** Rejects every pending request with `error` and stops reading. */
  close(error?: Error): void;
  readonly closed: boolean;
}

interface PendingRequest {
  method: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function createJsonRpcConnection(options: JsonRpcConnectionOptions): JsonRpcConnection {
  const pending = new Map<JsonRpcId, PendingRequest>();
  let nextId = 1;
  let closed = false;
  let partial: Buffer[] = [];

  function write(message: Record<string, unknown>): void {
    if (closed) return;
    options.output.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
  }

  function answerServerRequest(id: JsonRpcId, method: string, params: unknown): void {
    const handler = options.onServerRequest;
    if (handler === undefined) {
      write({ id, error: { code: -32601, message: `Forge does not handle ${method}` } });
      return;
    }
    Promise.resolve()
      .then(() => handler(method, params))
      .then(
        (result) => write({ id, result: result ?? {} }),
        (error: unknown) => write({ id, error: { code: -32603, message: error instanceof Error ? error.message : String(error) } }),
      );
  }

  function handleLine(bytes: Buffer): void {
    const line = (): string => bytes.toString('utf8', 0, Math.min(bytes.length, 2_000));
    if (bytes.every((byte) => byte === 0x20 || byte === 0x0d || byte === 0x09)) return;
    let message: unknown;
    try {
      message = parseJsonBytes(bytes);
    } catch {
      options.onMalformedLine?.(line(), 'not JSON');
      return;
    }
    if (!isRecord(message)) {
      options.onMalformedLine?.(line(), 'not a JSON object');
      return;
    }
    const { id, method } = message;
    const hasId = typeof id === 'number' || typeof id === 'string';
    if (typeof method === 'string') {
      if (hasId) answerServerRequest(id, method, message.params);
      else options.onNotification(method, message.params);
      return;
    }
    if (hasId && ('result' in message || 'error' in message)) {
      const request = pending.get(id);
      if (request === undefined) {
        options.onMalformedLine?.(line(), `a response to unknown request ${String(id)}`);
        return;
      }
      pending.delete(id);
      if (isRecord(message.error)) {
        const error = message.error;
        request.reject(
          new JsonRpcRequestError(request.method, {
            code: typeof error.code === 'number' ? error.code : -32603,
            message: typeof error.message === 'string' ? error.message : 'unknown error',
            data: error.data,
          }),
        );
      } else {
        request.resolve(message.result);
      }
      return;
    }
    options.onMalformedLine?.(line(), 'neither a request, a notification nor a response');
  }

  function onData(chunk: Buffer): void {
    let start = 0;
    let newline = chunk.indexOf(0x0a, start);
    while (newline !== -1) {
      const piece = chunk.subarray(start, newline);
      const line = partial.length === 0 ? piece : Buffer.concat([...partial, piece]);
      partial = [];
      handleLine(line);
      if (closed) return;
      start = newline + 1;
      newline = chunk.indexOf(0x0a, start);
    }
    if (start < chunk.length) partial.push(chunk.subarray(start));
  }

  function close(error: Error = new JsonRpcClosedError('The Codex app-server connection closed.')): void {
    if (closed) return;
    closed = true;
    options.input.off('data', onData);
    for (const request of pending.values()) request.reject(error);
    pending.clear();
  }

  options.input.on('data', onData);
  options.input.once('close', () => close());
  options.output.on('error', (error: Error) => close(new JsonRpcClosedError(`Writing to the Codex app-server failed: ${error.message}`)));

  return {
    request<Result>(method: string, params?: unknown): Promise<Result> {
      if (closed) return Promise.reject(new JsonRpcClosedError('The Codex app-server connection is closed.'));
      const id = nextId;
      nextId += 1;
      return new Promise<Result>((resolve, reject) => {
        pending.set(id, { method, resolve: resolve, reject });
        write(params === undefined ? { id, method } : { id, method, params });
      });
    },
    notify(method: string, params?: unknown): void {
      write(params === undefined ? { method } : { method, params });
    },
    close,
    get closed() {
      return closed;
    },
  };
}
