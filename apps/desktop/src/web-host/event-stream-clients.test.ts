import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { EventStreamClients } from './event-stream-clients.ts';

/** A stream whose writes fill up or not, as the test says. */
class FakeStream extends EventEmitter {
  accepting = true;
  written: string[] = [];
  destroyed = false;
  ended = false;
  write(frame: string): boolean {
    this.written.push(frame);
    return this.accepting;
  }
  destroy(): void {
    this.destroyed = true;
  }
  end(): void {
    this.ended = true;
  }
}

const asResponse = (stream: FakeStream): ServerResponse => stream as unknown as ServerResponse;

describe('EventStreamClients', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('counts its clients up to the limit and forgets one whose connection closes', () => {
    const clients = new EventStreamClients({ maxClients: 2 });
    const [first, second] = [new FakeStream(), new FakeStream()];
    clients.add(asResponse(first));
    expect([clients.size, clients.full]).toEqual([1, false]);
    clients.add(asResponse(second));
    expect([clients.size, clients.full]).toEqual([2, true]);
    first.emit('close');
    expect([clients.size, clients.full]).toEqual([1, false]);
    expect(new EventStreamClients().maxClients).toBe(8);
  });

  it('sends every frame to every client and never drops one that keeps up', () => {
    const clients = new EventStreamClients({ stallTimeoutMs: 100 });
    const reader = new FakeStream();
    clients.add(asResponse(reader));
    clients.broadcast('a');
    vi.advanceTimersByTime(1_000);
    clients.broadcast('b');
    vi.advanceTimersByTime(1_000);
    expect(reader.written).toEqual(['a', 'b']);
    expect([reader.destroyed, clients.size]).toEqual([false, 1]);
  });

  it('drops a client whose buffer has not drained in time, and only that one', () => {
    const clients = new EventStreamClients({ stallTimeoutMs: 100 });
    const [stalled, reader] = [new FakeStream(), new FakeStream()];
    clients.add(asResponse(stalled));
    clients.add(asResponse(reader));
    stalled.accepting = false;
    clients.broadcast('a');
    vi.advanceTimersByTime(60);
    // Still buffered, not yet dropped: frames keep coming, the deadline does not move.
    clients.broadcast('b');
    vi.advanceTimersByTime(39);
    expect(stalled.destroyed).toBe(false);
    vi.advanceTimersByTime(1);
    expect([stalled.destroyed, reader.destroyed, clients.size]).toEqual([true, false, 1]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps a client whose buffer drains in time, and watches it again at its next full buffer', () => {
    const clients = new EventStreamClients({ stallTimeoutMs: 100 });
    const slow = new FakeStream();
    clients.add(asResponse(slow));
    slow.accepting = false;
    clients.broadcast('a');
    vi.advanceTimersByTime(90);
    slow.emit('drain');
    vi.advanceTimersByTime(1_000);
    expect(slow.destroyed).toBe(false);
    clients.broadcast('b');
    vi.advanceTimersByTime(100);
    expect([slow.destroyed, clients.size]).toEqual([true, 0]);
  });

  it('stops watching a stalled client once its connection closes', () => {
    const clients = new EventStreamClients({ stallTimeoutMs: 100 });
    const gone = new FakeStream();
    clients.add(asResponse(gone));
    gone.accepting = false;
    clients.broadcast('a');
    gone.emit('close');
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(1_000);
    gone.emit('drain');
    expect([gone.destroyed, clients.size]).toEqual([false, 0]);
  });

  it('ends every stream when the host closes', () => {
    const clients = new EventStreamClients({ stallTimeoutMs: 100 });
    const streams = [new FakeStream(), new FakeStream()];
    for (const stream of streams) clients.add(asResponse(stream));
    streams[0]!.accepting = false;
    clients.broadcast('a');
    clients.closeAll();
    expect(streams.map((stream) => stream.ended)).toEqual([true, true]);
    expect([clients.size, vi.getTimerCount()]).toEqual([0, 0]);
  });
});
