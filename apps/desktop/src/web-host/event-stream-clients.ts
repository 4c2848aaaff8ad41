// The open `/api/events` streams. Bounded twice: a fixed number of clients (each holds a socket
// and its buffered frames), and a client that stops reading is dropped once its buffer has not
// drained for a while, so a stalled or hostile reader cannot make Forge hold every event forever.
import type { ServerResponse } from 'node:http';

export interface EventStreamLimits {
  /** At most this many streams at once; the next is refused. Default 8. */
  maxClients?: number;
  /** A stream whose buffered frames have not drained for this long is closed. Default 30 s. */
  stallTimeoutMs?: number;
}

export const defaultMaxEventClients = 8;
export const defaultStallTimeoutMs = 30_000;

export class EventStreamClients {
  readonly maxClients: number;
  private readonly stallTimeoutMs: number;
  /** Each stream, with the timer running while its buffer waits to drain. */
  private readonly clients = new Map<ServerResponse, NodeJS.Timeout | undefined>();

  constructor(limits: EventStreamLimits = {}) {
    this.maxClients = limits.maxClients ?? defaultMaxEventClients;
    this.stallTimeoutMs = limits.stallTimeoutMs ?? defaultStallTimeoutMs;
  }

  get size(): number {
    return this.clients.size;
  }

  get full(): boolean {
    return this.clients.size >= this.maxClients;
  }

  /** Starts following `response`; it leaves the set when its connection closes. */
  add(response: ServerResponse): void {
    this.clients.set(response, undefined);
    response.once('close', () => this.remove(response));
  }

  /** Sends one frame to every client; a client that does not drain in time is dropped. */
  broadcast(frame: string): void {
    for (const [response, stalled] of this.clients) {
      const accepted = response.write(frame);
      // Node holds a chunked response's socket corked until the next tick, which comes only
      // after whatever the event's publisher does next in the same task (the database's
      // synced commits): let the frame leave now. The socket's own uncork, which does nothing
      // when it is not corked (the response's would count below zero and hold every later frame).
      response.socket?.uncork();
      if (accepted || stalled !== undefined) continue;
      const timer = setTimeout(() => {
        this.remove(response);
        response.destroy();
      }, this.stallTimeoutMs);
      // A stalled client must not keep the process alive on its own.
      timer.unref();
      this.clients.set(response, timer);
      response.once('drain', () => {
        clearTimeout(timer);
        if (this.clients.has(response)) this.clients.set(response, undefined);
      });
    }
  }

  /** Ends every stream (the host is closing). */
  closeAll(): void {
    for (const response of [...this.clients.keys()]) {
      this.remove(response);
      response.end();
    }
  }

  private remove(response: ServerResponse): void {
    const timer = this.clients.get(response);
    if (timer !== undefined) clearTimeout(timer);
    this.clients.delete(response);
  }
}
