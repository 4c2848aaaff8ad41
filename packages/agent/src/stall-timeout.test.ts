import { describe, expect, it } from 'vitest';

import type { AgentBackend, AgentTurnEvent, RunTurnOptions } from './agent-backend-spec.ts';
import { AgentError } from './agent-error.ts';
import { createManualClock, type ManualClock } from './__fixtures__/manual-clock.ts';
import { createEventQueue } from './event-queue.ts';
import { describeStallTimeout, runTurnWithStallTimeout } from './stall-timeout.ts';

/** A backend the test drives by hand: it yields what the test pushes, and can report activity. */
function handDrivenBackend(options: { honoursAbort?: boolean } = {}) {
  const queue = createEventQueue<AgentTurnEvent>();
  let turn: RunTurnOptions | undefined;
  let returned = false;
  const backend: AgentBackend = {
    specificationVersion: 'v1',
    id: 'openai',
    async *runTurn(options_) {
      turn = options_;
      if (options.honoursAbort === true) {
        options_.abortSignal?.addEventListener('abort', () => {
          queue.push({ type: 'turn-failed', error: new AgentError({ code: 'cancelled', message: 'The turn was cancelled.' }) });
          queue.end();
        });
      }
      try {
        for (let next = await queue.next(); next.done !== true; next = await queue.next()) yield next.value;
      } finally {
        returned = true;
      }
    },
    account: () => Promise.reject(new Error('not used')),
  };
  return {
    backend,
    push: (...events: AgentTurnEvent[]) => queue.push(...events),
    end: () => queue.end(),
    activity: () => turn?.onActivity?.(),
    get signal() {
      return turn?.abortSignal;
    },
    get returned() {
      return returned;
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Runs a guarded turn in the background, collecting what the caller sees. */
function run(backend: AgentBackend, clock: ManualClock, options: { stallTimeoutMs?: number; abortSignal?: AbortSignal; onEvent?: (event: AgentTurnEvent) => void } = {}) {
  const events: AgentTurnEvent[] = [];
  let ended = false;
  const done = (async () => {
    const turn: RunTurnOptions = { threadId: 't1', input: { text: 'draw a cat' }, mode: 'agent', ...(options.abortSignal === undefined ? {} : { abortSignal: options.abortSignal }) };
    for await (const event of runTurnWithStallTimeout(backend, turn, { stallTimeoutMs: options.stallTimeoutMs ?? 120_000, clock })) {
      events.push(event);
      options.onEvent?.(event);
    }
    ended = true;
  })();
  return {
    events,
    done,
    get ended() {
      return ended;
    },
  };
}

const started: AgentTurnEvent = { type: 'turn-started', threadId: 't1', turnId: 'turn-1' };

describe('runTurnWithStallTimeout', () => {
  it('ends a turn whose backend went silent as timeout after two minutes, and aborts the backend', async () => {
    const clock = createManualClock();
    const driven = handDrivenBackend();
    driven.push(started, { type: 'text-delta', text: 'Drawing' });
    const turn = run(driven.backend, clock);
    await settle();
    clock.advance(119_000);
    await settle();
    expect(turn.ended).toBe(false);
    clock.advance(1_000);
    await settle();
    expect(turn.events.map((event) => event.type)).toEqual(['turn-started', 'text-delta', 'turn-failed']);
    expect(turn.events.at(-1)).toMatchObject({
      type: 'turn-failed',
      error: { code: 'timeout', retryable: true, message: 'The model stopped answering for 2 minutes, so Forge ended the turn. Retry, or check the connection.' },
    });
    expect(driven.signal?.aborted).toBe(true);
    // The stream stays open while the backend winds down; what it says then never reaches the caller.
    expect(turn.ended).toBe(false);
    driven.push({ type: 'turn-failed', error: new AgentError({ code: 'cancelled', message: 'late' }) });
    driven.end();
    await turn.done;
    expect(turn.events).toHaveLength(3);
    expect(driven.returned).toBe(true);
  });

  it('lets a slow turn run as long as the backend shows signs of life, events or not', async () => {
    const clock = createManualClock();
    const driven = handDrivenBackend();
    driven.push(started);
    const turn = run(driven.backend, clock);
    await settle();
    // Ten minutes of a backend that reports activity (a Codex reconnect note, a stream chunk) but no event.
    for (let minute = 0; minute < 10; minute += 1) {
      clock.advance(60_000);
      driven.activity();
      await settle();
    }
    // Then five minutes of text, one delta every 100 s.
    for (let step = 0; step < 3; step += 1) {
      clock.advance(100_000);
      driven.push({ type: 'text-delta', text: 'x' });
      await settle();
    }
    driven.push({ type: 'turn-completed', text: 'xxx' });
    driven.end();
    await turn.done;
    expect(turn.events.map((event) => event.type)).toEqual(['turn-started', 'text-delta', 'text-delta', 'text-delta', 'turn-completed']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('does not count the time the caller spends on an event as the backend being silent', async () => {
    const clock = createManualClock();
    const driven = handDrivenBackend();
    driven.push(started, { type: 'text-delta', text: 'Saving' });
    const turn = run(driven.backend, clock, {
      // The caller holds the event for five minutes (a slow disk), inside its own loop.
      onEvent: (event) => {
        if (event.type === 'text-delta') clock.advance(300_000);
      },
    });
    await settle();
    driven.push({ type: 'turn-completed', text: 'Saving' });
    driven.end();
    await turn.done;
    expect(turn.events.at(-1)).toMatchObject({ type: 'turn-completed' });
  });

  it('follows a shorter configured timeout and says it in seconds', async () => {
    const clock = createManualClock();
    const driven = handDrivenBackend();
    const turn = run(driven.backend, clock, { stallTimeoutMs: 3_000 });
    await settle();
    clock.advance(3_000);
    await settle();
    expect(turn.events).toMatchObject([{ type: 'turn-failed', error: { code: 'timeout', message: expect.stringContaining('for 3 seconds') as unknown } }]);
    // A backend that never winds down is given up on after five seconds: the stream still closes.
    clock.advance(4_999);
    await settle();
    expect(turn.ended).toBe(false);
    clock.advance(1);
    await turn.done;
    expect(driven.returned).toBe(false);
    driven.end();
  });

  it('passes a cancelled turn through when the backend ends it, and ends it anyway when the backend does not', async () => {
    const clock = createManualClock();
    const polite = handDrivenBackend({ honoursAbort: true });
    polite.push(started);
    const stop = new AbortController();
    const cancelled = run(polite.backend, clock, { abortSignal: stop.signal });
    await settle();
    stop.abort(new Error('Cancelled by the user'));
    await cancelled.done;
    expect(cancelled.events.map((event) => event.type)).toEqual(['turn-started', 'turn-failed']);
    expect(cancelled.events.at(-1)).toMatchObject({ error: { code: 'cancelled', message: 'The turn was cancelled.' } });

    const stubborn = handDrivenBackend();
    stubborn.push(started);
    const stopStubborn = new AbortController();
    const forced = run(stubborn.backend, clock, { abortSignal: stopStubborn.signal });
    await settle();
    stopStubborn.abort();
    expect(stubborn.signal?.aborted).toBe(true);
    clock.advance(9_999);
    await settle();
    expect(forced.ended).toBe(false);
    clock.advance(1);
    await settle();
    // A stop is a stop, not a timeout, however long the backend takes to notice it.
    expect(forced.events.at(-1)).toMatchObject({ type: 'turn-failed', error: { code: 'cancelled' } });
    clock.advance(5_000);
    await forced.done;
    stubborn.end();
  });

  it('hands a backend failure to the caller as it is', async () => {
    const clock = createManualClock();
    const broken: AgentBackend = {
      specificationVersion: 'v1',
      id: 'offline',
      // eslint-disable-next-line require-yield -- a backend that breaks before its first event
      async *runTurn() {
        await Promise.resolve();
        throw new Error('the backend broke');
      },
      account: () => Promise.reject(new Error('not used')),
    };
    await expect(run(broken, clock).done).rejects.toThrow('the backend broke');
  });
});

describe('describeStallTimeout', () => {
  it('says the timeout the way a person does', () => {
    expect(describeStallTimeout(120_000)).toBe('2 minutes');
    expect(describeStallTimeout(60_000)).toBe('1 minute');
    expect(describeStallTimeout(90_000)).toBe('90 seconds');
    expect(describeStallTimeout(1_000)).toBe('1 second');
    expect(describeStallTimeout(200)).toBe('1 second');
  });
});
